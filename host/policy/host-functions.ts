// The `extism:host/user` functions behind guests/sdk/host-interface.d.ts.
// They never throw: a JS exception unwinding through the engine's C frames
// would leave QuickJS inconsistent. Misuse answers with a sentinel (-1, or a
// string starting with "error: ") that the SDK turns into a guest exception.
import type { CallContext } from '@extism/extism';
import type { CallScope } from './call-scope';

const MAX_ARGUMENT_BYTES = 256;

function scopeOf(cc: CallContext): CallScope {
  return cc.hostContext<CallScope | null>() ?? {};
}

function readArgument(cc: CallContext, ptr: bigint): string | undefined {
  // A guest may pass any number as a pointer; a bad one is its error, not a host exception.
  try {
    const out = cc.read(ptr);
    if (!out || out.bytes().byteLength > MAX_ARGUMENT_BYTES) return undefined;
    return out.text();
  } catch {
    return undefined;
  }
}

export function hostFunctions(): Record<string, (cc: CallContext, ...args: bigint[]) => number | bigint> {
  return {
    wasmdriver_address_is_free(cc, ptr) {
      const pool = scopeOf(cc).pool;
      const address = ptr === undefined ? undefined : readArgument(cc, ptr);
      if (!pool || address === undefined) return -1;
      try {
        return pool.isFree(address) ? 1 : 0;
      } catch {
        return -1;
      }
    },
    wasmdriver_next_free_address(cc, ptr) {
      const pool = scopeOf(cc).pool;
      if (!pool) return cc.store('error: this hook has no address pool to ask about');
      const after = ptr === undefined ? undefined : readArgument(cc, ptr);
      if (after === undefined) return cc.store('error: the address argument is missing or longer than 256 bytes');
      try {
        return cc.store(pool.nextFree(after === '' ? undefined : after) ?? '');
      } catch (err) {
        return cc.store(`error: ${(err as Error).message}`);
      }
    },
    wasmdriver_taken_count(cc) {
      const pool = scopeOf(cc).pool;
      return BigInt(pool ? pool.takenCount() : -1);
    },
    wasmdriver_tenant_volume_count(cc) {
      const usage = scopeOf(cc).tenantVolumes;
      return BigInt(usage ? usage.count : -1);
    },
    wasmdriver_tenant_volume_bytes(cc) {
      const usage = scopeOf(cc).tenantVolumes;
      return BigInt(usage ? usage.bytes : -1);
    },
  };
}
