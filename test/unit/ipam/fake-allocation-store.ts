import { conflict } from '../../../host/errors';
import type { AllocationKind, AllocationStore, StoredAllocation } from '../../../host/drivers/ipam/allocator-store';

/** In-memory AllocationStore with just enough transaction behaviour to test commit ordering. */
export class FakeAllocationStore implements AllocationStore {
  rows = new Map<string, StoredAllocation & { poolId: string }>();
  #hooks: Array<() => void> | undefined;

  listAllocations(poolId: string): StoredAllocation[] {
    return [...this.rows.values()].filter((r) => r.poolId === poolId).map(({ address, kind }) => ({ address, kind }));
  }

  insertAllocation(poolId: string, address: string, kind: AllocationKind): void {
    const key = `${poolId} ${address}`;
    if (this.rows.has(key)) throw conflict(`address ${address} in pool ${poolId} is already allocated`);
    this.rows.set(key, { poolId, address, kind });
  }

  deleteAllocation(poolId: string, address: string): boolean {
    return this.rows.delete(`${poolId} ${address}`);
  }

  afterCommit(fn: () => void): void {
    if (this.#hooks) this.#hooks.push(fn);
    else fn();
  }

  transaction<T>(fn: () => T): T {
    const snapshot = new Map(this.rows);
    this.#hooks = [];
    try {
      const result = fn();
      const hooks = this.#hooks;
      this.#hooks = undefined;
      hooks.forEach((hook) => hook());
      return result;
    } catch (err) {
      this.rows = snapshot;
      this.#hooks = undefined;
      throw err;
    }
  }
}
