// Plain-function wrappers over the daemon's host functions, so policies
// never handle Extism memory offsets themselves. The host answers misuse
// with sentinels (-1, "error: ...") because it must never throw across the
// engine; here they become ordinary exceptions.

function fns() {
  return Host.getFunctions();
}

function withString<T>(text: string, use: (ptr: PTR) => T): T {
  const arg = Memory.fromString(text);
  try {
    return use(arg.offset);
  } finally {
    arg.free();
  }
}

function readAnswer(ptr: PTR, question: string): string {
  const answer = Memory.find(ptr).readString();
  if (answer.startsWith('error: ')) throw new Error(`${question}: ${answer.slice('error: '.length)}`);
  return answer;
}

function count(value: I64, question: string): number {
  const n = Number(value);
  if (n < 0) throw new Error(`${question}: not available in this hook`);
  return n;
}

export function isAddressFree(address: string): boolean {
  const answer = withString(address, (ptr) => fns().wasmdriver_address_is_free(ptr));
  if (answer < 0) throw new Error(`isAddressFree("${address}"): not a valid address, or this hook has no address pool`);
  return answer === 1;
}

/** Lowest free address after `after` (or from the start of the pool); null when the pool is full. */
export function nextFreeAddress(after = ''): string | null {
  const answer = withString(after, (ptr) => readAnswer(fns().wasmdriver_next_free_address(ptr), `nextFreeAddress("${after}")`));
  return answer === '' ? null : answer;
}

export function takenAddressCount(): number {
  return count(fns().wasmdriver_taken_count(), 'takenAddressCount()');
}

export function tenantVolumeCount(): number {
  return count(fns().wasmdriver_tenant_volume_count(), 'tenantVolumeCount()');
}

export function tenantVolumeBytes(): number {
  return count(fns().wasmdriver_tenant_volume_bytes(), 'tenantVolumeBytes()');
}
