// The extism:host/env functions the engine sees while the policy's top-level
// code runs at build time: no input, no config, no variables; logs go to the
// caller.
import type { HostFunction } from './interface-file';

export type BuildLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

// Block addresses: index in the high 32 bits, byte offset in the low bits.
const SHIFT = 32n;

export function buildTimeImports(log: BuildLog | undefined, slots: number): WebAssembly.Imports {
  const blocks: (Uint8Array | null)[] = [null];
  const block = (addr: bigint): [Uint8Array, number] => {
    const b = blocks[Number(addr >> SHIFT)];
    if (!b) throw new Error(`build-time host: bad block address ${addr}`);
    return [b, Number(addr & 0xffffffffn)];
  };
  const logAt = (level: 'debug' | 'info' | 'warn' | 'error') => (addr: bigint) => {
    const [b] = block(addr);
    log?.(level, new TextDecoder().decode(b));
  };
  const env = {
    alloc: (n: bigint) => BigInt(blocks.push(new Uint8Array(Number(n))) - 1) << SHIFT,
    free: (addr: bigint) => {
      blocks[Number(addr >> SHIFT)] = null;
    },
    length: (addr: bigint) => (addr === 0n ? 0n : BigInt(block(addr)[0].length)),
    load_u8: (addr: bigint) => {
      const [b, o] = block(addr);
      return b[o]!;
    },
    load_u64: (addr: bigint) => {
      const [b, o] = block(addr);
      return new DataView(b.buffer, b.byteOffset).getBigUint64(o, true);
    },
    store_u8: (addr: bigint, v: number) => {
      const [b, o] = block(addr);
      b[o] = v;
    },
    store_u64: (addr: bigint, v: bigint) => {
      const [b, o] = block(addr);
      new DataView(b.buffer, b.byteOffset).setBigUint64(o, v, true);
    },
    input_length: () => 0n,
    input_load_u8: () => 0,
    input_load_u64: () => 0n,
    output_set: () => {},
    error_set: () => {},
    config_get: () => 0n,
    var_get: () => 0n,
    var_set: () => {},
    get_log_level: () => (log ? 0 : 0x7fffffff),
    log_debug: logAt('debug'),
    log_info: logAt('info'),
    log_warn: logAt('warn'),
    log_error: logAt('error'),
  };
  const user: Record<string, () => never> = {};
  for (let i = 0; i < slots; i++) {
    user[`__wd_slot_${i}`] = () => {
      throw new Error('host functions cannot be called at build time');
    };
  }
  return { 'extism:host/env': env, 'extism:host/user': user };
}

// What the prelude's __wd_define_host_functions expects.
export function hostFunctionTable(fns: HostFunction[]): { name: string; params: string; result: string }[] {
  const code = { I32: 'i', I64: 'l', PTR: 'l', F32: 'f', F64: 'd' } as const;
  return fns.map((f) => ({
    name: f.name,
    params: f.params.map((p) => code[p]).join(''),
    result: f.result ? code[f.result] : 'v',
  }));
}
