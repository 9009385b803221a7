// Plain-function wrappers over the daemon's host functions, so policies
// never handle Extism memory offsets themselves.

function fns() {
  return Host.getFunctions();
}

function readString(ptr: PTR): string {
  return Memory.find(ptr).readString();
}

export function isAddressFree(address: string): boolean {
  const arg = Memory.fromString(address);
  try {
    return fns().wasmdriver_address_is_free(arg.offset) === 1;
  } finally {
    arg.free();
  }
}

/** Lowest free address after `after` (or from the start of the pool); null when the pool is full. */
export function nextFreeAddress(after = ''): string | null {
  const arg = Memory.fromString(after);
  try {
    const answer = readString(fns().wasmdriver_next_free_address(arg.offset));
    return answer === '' ? null : answer;
  } finally {
    arg.free();
  }
}

export function takenAddressCount(): number {
  return Number(fns().wasmdriver_taken_count());
}

export function tenantVolumeCount(): number {
  return Number(fns().wasmdriver_tenant_volume_count());
}

export function tenantVolumeBytes(): number {
  return Number(fns().wasmdriver_tenant_volume_bytes());
}
