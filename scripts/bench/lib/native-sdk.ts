// Stands in for 'wasmdriver/sdk' when a policy is bundled to run natively
// in Node (the policy-decision benchmark's baseline): the same hook
// wrapper (parse input, decide, serialise output) and the same host
// questions, answered straight from the call's scope instead of through
// Extism memory.
import type { CallScope } from '../../../host/policy/call-scope';

let scope: CallScope = {};

export function hook<I, O>(_name: string, decide: (input: I) => O): (input: string, callScope: CallScope) => string {
  return (input, callScope) => {
    scope = callScope;
    try {
      return JSON.stringify(decide(JSON.parse(input) as I));
    } finally {
      scope = {};
    }
  };
}

function pool() {
  if (!scope.pool) throw new Error('this hook has no address pool to ask about');
  return scope.pool;
}

export function isAddressFree(address: string): boolean {
  return pool().isFree(address);
}

export function nextFreeAddress(after = ''): string | null {
  return pool().nextFree(after === '' ? undefined : after);
}

export function takenAddressCount(): number {
  return pool().takenCount();
}

export function tenantVolumeCount(): number {
  if (!scope.tenantVolumes) throw new Error('tenantVolumeCount(): not available in this hook');
  return scope.tenantVolumes.count;
}

export function tenantVolumeBytes(): number {
  if (!scope.tenantVolumes) throw new Error('tenantVolumeBytes(): not available in this hook');
  return scope.tenantVolumes.bytes;
}
