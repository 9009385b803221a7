// One pool's allocations: the store is the source of truth, the index is a
// cache of it that changes only after the store's transaction has committed.
// Node runs each request's synchronous part without interleaving and the
// store's UNIQUE(pool, address) refuses a second claim, so two requests can
// never both be handed the same address.
import { conflict, systemFailure, errorMessage } from '../../errors';
import { AddressIndex, type PoolView } from './allocator-index';
import type { AllocationKind, AllocationStore } from './allocator-store';
import type { Pool } from './pool';

export type { PoolView } from './allocator-index';

export class PoolAllocator {
  readonly #index: AddressIndex;

  private constructor(
    readonly poolId: string,
    readonly pool: Pool,
    private readonly store: AllocationStore,
  ) {
    this.#index = new AddressIndex(pool);
  }

  /** Builds the index from what the store holds for `poolId`. */
  static load(poolId: string, pool: Pool, store: AllocationStore): PoolAllocator {
    const allocator = new PoolAllocator(poolId, pool, store);
    for (const { address } of store.listAllocations(poolId)) {
      try {
        allocator.#index.take(address);
      } catch (err) {
        throw systemFailure(
          `stored allocation ${address} of pool ${poolId} (${pool.cidr}) cannot be loaded: ${errorMessage(err)}; the database does not match the pool`,
          err,
        );
      }
    }
    return allocator;
  }

  /** The read-only view handed to policies. */
  get view(): PoolView {
    return this.#index;
  }

  /**
   * Validate, record in the store, then (after commit) mark taken. Returns
   * the canonical address. Inside a caller's transaction the view does not
   * show the claim until commit, so a second pick in the same transaction
   * must not rely on nextFree() alone (the store would refuse a repeat).
   */
  claim(address: string, kind: AllocationKind): string {
    const index = this.pool.usableIndexOf(address);
    const canonical = this.pool.addressAt(index);
    if (this.#index.isTakenIndex(index)) {
      throw conflict(`address ${canonical} in pool ${this.pool.cidr} is already allocated`);
    }
    this.store.insertAllocation(this.poolId, canonical, kind);
    this.store.afterCommit(() => this.#index.takeIndex(index));
    return canonical;
  }

  /**
   * Forgets an allocation; false when it was not held. The address stays
   * taken in the index until the transaction commits, so a release and a
   * claim of the same address inside one transaction is refused.
   */
  release(address: string): boolean {
    const index = this.pool.indexOf(address);
    if (index === undefined) return false;
    const canonical = this.pool.addressAt(index);
    if (!this.store.deleteAllocation(this.poolId, canonical)) return false;
    this.store.afterCommit(() => this.#index.releaseIndex(index));
    return true;
  }
}
