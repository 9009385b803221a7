// A new module's first calls run in V8's lazily compiled baseline tier:
// measured here, the first decision of a fresh module took over 100 ms,
// which the wall-clock check in guest-instance would refuse. One call of
// each hook on a throwaway instance at load time moves that cost out of the
// first real decisions, and proves the module instantiates before it is
// allowed to replace a version that works.
import type { Logger } from '../logging';
import { GuestCallError, GuestInstance } from './guest-instance';
import type { HookInput, HookName } from './hook-contract';
import type { GuestLimits } from './limits';
import type { LoadedPolicy } from './policy-catalog';

const caller = { tenant: '', policy: '' };
const WARM_INPUTS: { [H in HookName]: HookInput<H> } = {
  selectPool: { ...caller, addressSpace: 'warm-up', v6: false, requestedPool: '10.0.0.0/24', requestedSubPool: '', options: {}, defaultPools: [] },
  assignAddress: { ...caller, poolId: 'warm-up', pool: '10.0.0.0/24', subPool: '', kind: 'endpoint', requestedAddress: '10.0.0.2', macAddress: '', options: {} },
  bridgeName: { ...caller, networkId: '0'.repeat(64), options: {} },
  interfaceName: { ...caller, networkId: '0'.repeat(64), endpointId: '1'.repeat(64), options: {} },
  admitNetwork: { ...caller, networkId: '0'.repeat(64), options: {}, internal: false, ipv4Pools: [], ipv6Pools: [] },
  admitEndpoint: { ...caller, networkId: '0'.repeat(64), endpointId: '1'.repeat(64), address: '', addressIPv6: '', macAddress: '', options: {} },
  volumePath: { ...caller, name: 'warm-up', options: {} },
  admitVolume: { ...caller, name: 'warm-up', options: {}, sizeBytes: 0, unknownOptions: [] },
};

/**
 * Calls every hook of the policy once; their answers and errors are
 * ignored (the guest is bounded as always). Throws only when the module
 * cannot be instantiated. Returns the first call that outran its budget
 * where the engine could not stop it, if any, so the runtime can isolate
 * the policy before it serves.
 */
export async function warmUp(policy: LoadedPolicy, limits: GuestLimits, logger: Logger): Promise<GuestCallError | undefined> {
  const instance = await GuestInstance.create(`${policy.name}/warm-up`, policy.module, limits, logger.child({ warmUp: true }));
  let overrun: GuestCallError | undefined;
  try {
    for (const hook of policy.hooks) {
      const input = JSON.stringify({ ...WARM_INPUTS[hook], policy: policy.name });
      await instance.call(hook, input, {}).catch((err: unknown) => {
        if (err instanceof GuestCallError && err.unbounded) overrun ??= err;
      });
    }
  } finally {
    await instance.close();
  }
  return overrun;
}
