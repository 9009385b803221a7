// The IPAM allocator's storage port, backed by the allocations table.
import type { AllocationStore } from '../drivers/ipam/allocator-store';
import type { StateStore } from './store';

export function ipamAllocationStore(state: StateStore): AllocationStore {
  const allocations = state.ipamAllocations;
  return {
    listAllocations: (poolId) => allocations.listByPool(poolId).map(({ address, kind }) => ({ address, kind })),
    insertAllocation: (poolId, address, kind) => void allocations.insert(poolId, address, kind),
    deleteAllocation: (poolId, address) => allocations.delete(poolId, address),
    afterCommit: (fn) => state.afterCommit(fn),
  } satisfies AllocationStore;
}
