// IpamDriver: pools and addresses, every choice made by the pool's policy
// and checked here before it is recorded. State is committed before Docker
// gets the answer.
import { randomBytes } from 'node:crypto';
import { invalid } from '../../errors';
import type { Logger } from '../../logging';
import type { IpamDriver } from '../../protocol/drivers';
import type { PolicyDecider } from '../../policy/decider';
import type { StateStore } from '../../state/store';
import { KeyedLock } from '../keyed-lock';
import { freeCandidates, type AddressPoolRange } from './default-pools';
import { parsePool, parseSubPool } from './pool';
import { PoolRegistry, poolQueries } from './pool-registry';
import { cidrsOverlap } from '../../linux/addresses';

export const GATEWAY_REQUEST = 'com.docker.network.gateway';
export const LOCAL_ADDRESS_SPACE = 'wasmnet-local';
export const GLOBAL_ADDRESS_SPACE = 'wasmnet-global';
const MAC_OPTION = 'com.docker.network.endpoint.macaddress';
const ENDPOINT_COMMIT = (kind: 'gateway' | 'endpoint') => ({ durability: kind === 'gateway' ? ('full' as const) : ('process' as const) });
/** Options that select the policy; not passed on as pool options. */
const SELECTION_KEYS = ['policy', 'tenant'];

export interface IpamDriverDeps {
  store: StateStore;
  policy: PolicyDecider;
  defaultPools: readonly AddressPoolRange[];
  logger: Logger;
}

export interface WasmnetIpam extends IpamDriver {
  readonly pools: PoolRegistry;
}

export function createIpamDriver(deps: IpamDriverDeps): WasmnetIpam {
  const { store, policy } = deps;
  const pools = new PoolRegistry(store);
  const poolLock = new KeyedLock();

  return {
    pools,
    getCapabilities: async () => ({ RequiresMACAddress: false, RequiresRequestReplay: false }),
    getDefaultAddressSpaces: async () => ({ LocalDefaultAddressSpace: LOCAL_ADDRESS_SPACE, GlobalDefaultAddressSpace: GLOBAL_ADDRESS_SPACE }),

    async requestPool(req) {
      if (req.Pool === '' && req.SubPool !== '') throw invalid(`--ip-range ${req.SubPool} needs a --subnet to lie in`);
      const space = req.AddressSpace || LOCAL_ADDRESS_SPACE;
      // An explicit request is idempotent: the same request returns the same
      // pool with one more reference. Automatic pools are new each time.
      const requestKey = req.Pool === ''
        ? `auto:${randomBytes(8).toString('hex')}`
        : JSON.stringify([space, parsePool(req.Pool).cidr, req.SubPool === '' ? '' : parseSubPool(parsePool(req.Pool), req.SubPool).cidr, req.V6, sortedEntries(req.Options)]);
      return poolLock.run(`space:${space}`, async () => {
        const existing = store.ipamPools.getByRequestKey(requestKey);
        if (existing) {
          store.ipamPools.addReferences(existing.poolId, 1);
          return { PoolID: existing.poolId, Pool: existing.cidr, Data: {} };
        }
        const choice = policy.choose({ policy: req.Options.policy, tenant: req.Options.tenant });
        const used = pools.list().filter((p) => p.record.addressSpace === space).map((p) => p.pool.cidr);
        const decision = await policy.decide('selectPool', choice, {
          addressSpace: space,
          v6: req.V6,
          requestedPool: req.Pool,
          requestedSubPool: req.SubPool,
          options: withoutSelection(req.Options),
          defaultPools: req.Pool === '' ? freeCandidates(deps.defaultPools, req.V6, used) : [],
        }, {
          verify: (out) => {
            const cidr = parsePool((out as { pool: string }).pool).cidr;
            const clash = used.find((u) => cidrsOverlap(u, cidr));
            return clash ? `pool ${cidr} overlaps pool ${clash}, already allocated in address space ${space}` : undefined;
          },
        });
        const pool = parsePool(decision.pool);
        const subPool = decision.subPool ? parseSubPool(pool, decision.subPool).cidr : null;
        const poolId = `${space}/${pool.cidr}/${randomBytes(4).toString('hex')}`;
        store.transaction(() => {
          const record = store.ipamPools.insert({
            poolId, addressSpace: space, cidr: pool.cidr, subPool, v6: req.V6,
            options: withoutSelection(req.Options), policy: choice.policy, tenant: choice.tenant, requestKey,
          });
          pools.add(record);
        });
        deps.logger.info({ poolId, pool: pool.cidr, subPool, policy: choice.policy, tenant: choice.tenant }, 'pool allocated');
        return { PoolID: poolId, Pool: pool.cidr, Data: {} };
      });
    },

    async releasePool(req) {
      const held = pools.find(req.PoolID);
      if (!held) return; // Unknown pools release fine: dockerd and wasmnet must never disagree into a zombie.
      await poolLock.run(`space:${held.record.addressSpace}`, async () => {
        store.transaction(() => {
          const left = store.ipamPools.addReferences(req.PoolID, -1);
          if (left === 0) {
            store.ipamPools.delete(req.PoolID);
            pools.remove(req.PoolID);
          }
        });
      });
    },

    async requestAddress(req) {
      const held = pools.get(req.PoolID);
      const kind = req.Options.RequestAddressType === GATEWAY_REQUEST ? 'gateway' : 'endpoint';
      return poolLock.run(`pool:${req.PoolID}`, async () => {
        const queries = poolQueries(held, kind !== 'gateway');
        const choice = { policy: held.record.policy, tenant: held.record.tenant ?? '' };
        const decision = await policy.decide('assignAddress', choice, {
          poolId: req.PoolID,
          pool: held.pool.cidr,
          subPool: held.subPool?.cidr ?? '',
          kind,
          requestedAddress: req.Address,
          macAddress: req.Options[MAC_OPTION] ?? '',
          options: withoutSelection(req.Options),
        }, { scope: { pool: queries }, check: { pool: held.pool, poolQueries: queries } });
        // An endpoint's address dies with the endpoint on power loss, so its
        // commit skips the fsync; the gateway belongs to the network and does not.
        const address = store.transaction(() => held.allocator.claim(decision.address, kind), ENDPOINT_COMMIT(kind));
        return { Address: `${address}/${held.pool.prefixLength}`, Data: {} };
      });
    },

    async releaseAddress(req) {
      const held = pools.find(req.PoolID);
      if (!held) return;
      await poolLock.run(`pool:${req.PoolID}`, async () => {
        store.transaction(() => held.allocator.release(req.Address), { durability: 'process' });
      });
    },
  };
}

function withoutSelection(options: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(options).filter(([k]) => !SELECTION_KEYS.includes(k)));
}

function sortedEntries(options: Record<string, string>): [string, string][] {
  return Object.entries(options).sort(([a], [b]) => a.localeCompare(b));
}
