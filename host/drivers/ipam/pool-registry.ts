// The pools this daemon holds, each with its allocator, rebuilt from the
// store at start-up so the first request after a restart sees every address
// handed out before it.
import { notFound } from '../../errors';
import type { StateStore } from '../../state/store';
import type { IpamPoolRecord } from '../../state/ipam-pools';
import { ipamAllocationStore } from '../../state/ipam-allocation-store';
import { PoolAllocator } from './allocator';
import { parsePool, parseSubPool, type Pool, type SubPool } from './pool';
import type { PoolQueries } from '../../policy/call-scope';

export interface HeldPool {
  record: IpamPoolRecord;
  pool: Pool;
  subPool: SubPool | undefined;
  allocator: PoolAllocator;
}

export class PoolRegistry {
  readonly #pools = new Map<string, HeldPool>();

  constructor(private readonly store: StateStore) {
    for (const record of store.ipamPools.list()) this.#hold(record);
  }

  #hold(record: IpamPoolRecord): HeldPool {
    const pool = parsePool(record.cidr);
    const subPool = record.subPool ? parseSubPool(pool, record.subPool) : undefined;
    const held = { record, pool, subPool, allocator: PoolAllocator.load(record.poolId, pool, ipamAllocationStore(this.store)) };
    this.#pools.set(record.poolId, held);
    return held;
  }

  /** Call inside the transaction that inserted the record. */
  add(record: IpamPoolRecord): void {
    this.store.afterCommit(() => this.#hold(record));
  }

  remove(poolId: string): void {
    this.store.afterCommit(() => this.#pools.delete(poolId));
  }

  find(poolId: string): HeldPool | undefined {
    return this.#pools.get(poolId);
  }

  get(poolId: string): HeldPool {
    const held = this.#pools.get(poolId);
    if (!held) throw notFound(`unknown address pool "${poolId}": it was never requested from wasmnet, or it was released`);
    return held;
  }

  list(): HeldPool[] {
    return [...this.#pools.values()];
  }
}

/**
 * What a policy may ask about a pool while choosing an endpoint address:
 * with --ip-range, the search covers only the sub-pool, as Docker's does.
 */
export function poolQueries(held: HeldPool, withinSubPool: boolean): PoolQueries {
  const view = held.allocator.view;
  const sub = withinSubPool ? held.subPool : undefined;
  if (!sub) return { isFree: (a) => view.isFree(a), nextFree: (after) => view.nextFree(after), takenCount: () => view.takenCount() };
  return {
    isFree: (a) => view.isFree(a),
    nextFree(after) {
      const afterIndex = after === undefined ? undefined : held.pool.indexOf(after);
      // Searches start at the sub-pool unless the caller is already inside it.
      const next =
        afterIndex === undefined || afterIndex < sub.first
          ? view.isFree(sub.firstAddress) ? sub.firstAddress : view.nextFree(sub.firstAddress)
          : view.nextFree(after);
      const nextIndex = next === null ? undefined : held.pool.indexOf(next);
      return nextIndex !== undefined && nextIndex <= sub.last ? next : null;
    },
    takenCount: () => view.takenCount(),
  };
}
