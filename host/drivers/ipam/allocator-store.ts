// What the allocator needs from storage, declared here so the allocator stays
// free of SQL and can be tested against a fake; host/state implements it.

export type AllocationKind = 'gateway' | 'aux' | 'endpoint' | 'reserved';

export const ALLOCATION_KINDS: readonly AllocationKind[] = ['gateway', 'aux', 'endpoint', 'reserved'];

export interface StoredAllocation {
  readonly address: string;
  readonly kind: AllocationKind;
}

export interface AllocationStore {
  listAllocations(poolId: string): StoredAllocation[];
  /** Records the address as taken; throws a `conflict` error when it already is (the O_EXCL step). */
  insertAllocation(poolId: string, address: string, kind: AllocationKind): void;
  /** False when the address was not recorded. */
  deleteAllocation(poolId: string, address: string): boolean;
  /**
   * Runs `fn` once the current transaction commits, or at once when none is
   * open; drops it if the transaction rolls back.
   */
  afterCommit(fn: () => void): void;
}
