// The host side of a decision outside the daemon: what host functions
// answer and what the semantic checks compare against, built from a
// fixture's `state` (or, in replay, from earlier decisions) with the same
// allocator and pool-query code the IPAM driver uses.
import { PoolAllocator } from '../../drivers/ipam/allocator';
import type { AllocationKind, AllocationStore, StoredAllocation } from '../../drivers/ipam/allocator-store';
import { parsePool, parseSubPool } from '../../drivers/ipam/pool';
import { poolQueries, type HeldPool } from '../../drivers/ipam/pool-registry';
import type { DecisionContext } from '../../policy/runtime';
import type { HookName } from '../../policy/hook-contract';
import { invalid, errorMessage } from '../../errors';

export interface HostState {
  /** Addresses already taken in the pool an assignAddress decision is about. */
  taken?: string[];
  /** The tenant's existing volumes, for volume hooks. */
  tenantVolumes?: { count: number; bytes: number };
}

/** An allocation store in memory: what the fixture says is taken. */
class MemoryAllocations implements AllocationStore {
  readonly #rows = new Map<string, StoredAllocation>();
  listAllocations(): StoredAllocation[] {
    return [...this.#rows.values()];
  }
  insertAllocation(_poolId: string, address: string, kind: AllocationKind): void {
    this.#rows.set(address, { address, kind });
  }
  deleteAllocation(_poolId: string, address: string): boolean {
    return this.#rows.delete(address);
  }
  afterCommit(fn: () => void): void {
    fn();
  }
}

/** A pool with its allocator, as the IPAM driver holds it. */
export function simulatedPool(poolCidr: string, subPoolCidr: string, taken: readonly string[]): HeldPool {
  const pool = parsePool(poolCidr);
  const subPool = subPoolCidr ? parseSubPool(pool, subPoolCidr) : undefined;
  const allocator = PoolAllocator.load('fixture', pool, new MemoryAllocations());
  for (const address of taken) {
    try {
      allocator.claim(address, 'endpoint');
    } catch (err) {
      throw invalid(`state.taken: ${address}: ${errorMessage(err)}`);
    }
  }
  // The record is never read by pool queries; only the pool and allocator are.
  return { record: undefined as unknown as HeldPool['record'], pool, subPool, allocator };
}

function field(input: unknown, key: string): string {
  const value = (input as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : '';
}

/** The scope and checks the daemon would give this hook. `held` overrides the pool built from `state.taken`. */
export function decisionContext(hook: HookName, input: unknown, state: HostState, held?: HeldPool): DecisionContext {
  if (hook === 'assignAddress') {
    const pool = held ?? simulatedPool(field(input, 'pool'), field(input, 'subPool'), state.taken ?? []);
    const queries = poolQueries(pool, field(input, 'kind') !== 'gateway');
    return { scope: { pool: queries }, check: { pool: pool.pool, poolQueries: queries } };
  }
  if (hook === 'admitVolume' || hook === 'volumePath') {
    return { scope: { tenantVolumes: state.tenantVolumes ?? { count: 0, bytes: 0 } } };
  }
  return {};
}
