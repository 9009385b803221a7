// The in-memory picture of one pool's taken addresses. Every question is a
// tree lookup over runs of taken addresses, so its cost depends on how
// fragmented the pool is (log of the run count), not on how full it is.
import { conflict, invalid } from '../../errors';
import { IntervalSet } from './allocator-intervals';
import type { Pool } from './pool';

/** Read-only questions a policy may ask about a pool (host functions). */
export interface PoolView {
  readonly cidr: string;
  /** True only for a usable address of this pool that nobody holds; false for anything else. */
  isFree(address: string): boolean;
  /**
   * Lowest free usable address strictly after `after` (from the start when
   * undefined), or null when none is left above it. Never wraps around.
   */
  nextFree(after?: string): string | null;
  takenCount(): number;
  capacity(): bigint;
  contains(address: string): boolean;
}

export class AddressIndex implements PoolView {
  readonly #taken = new IntervalSet();

  constructor(readonly pool: Pool) {}

  get cidr(): string {
    return this.pool.cidr;
  }

  /** Runs of consecutive taken addresses (diagnostics, tests). */
  get runCount(): number {
    return this.#taken.runCount;
  }

  contains(address: string): boolean {
    return this.pool.contains(address);
  }

  isFree(address: string): boolean {
    const index = this.pool.indexOf(address);
    if (index === undefined || index < this.pool.firstUsable || index > this.pool.lastUsable) return false;
    return !this.#taken.has(index);
  }

  nextFree(after?: string): string | null {
    let from = this.pool.firstUsable;
    if (after !== undefined) {
      const index = this.pool.indexOf(after);
      if (index === undefined) throw invalid(`cannot search for a free address after ${after}: it is outside pool ${this.cidr}`);
      if (index + 1n > from) from = index + 1n;
    }
    const found = this.#taken.firstAbsentFrom(from);
    return found <= this.pool.lastUsable ? this.pool.addressAt(found) : null;
  }

  /** Index-based variant for callers that already hold an index (e.g. a sub-pool bound). */
  nextFreeIndex(from: bigint): bigint | null {
    const start = from < this.pool.firstUsable ? this.pool.firstUsable : from;
    const found = this.#taken.firstAbsentFrom(start);
    return found <= this.pool.lastUsable ? found : null;
  }

  takenCount(): number {
    return this.#taken.count;
  }

  capacity(): bigint {
    return this.pool.capacity;
  }

  /** Marks a usable address taken; `invalid` when it cannot be, `conflict` when already taken. */
  take(address: string): void {
    this.takeIndex(this.pool.usableIndexOf(address));
  }

  /** Frees an address; false when it was not taken (releases are idempotent). */
  release(address: string): boolean {
    const index = this.pool.indexOf(address);
    return index !== undefined && this.#taken.delete(index);
  }

  // Index forms for callers that already parsed and validated the address.

  isTakenIndex(index: bigint): boolean {
    return this.#taken.has(index);
  }

  takeIndex(index: bigint): void {
    if (index < this.pool.firstUsable || index > this.pool.lastUsable) {
      throw invalid(`index ${index} is not a usable address of pool ${this.cidr}`);
    }
    if (!this.#taken.add(index)) {
      throw conflict(`address ${this.pool.addressAt(index)} in pool ${this.cidr} is already allocated`);
    }
  }

  releaseIndex(index: bigint): boolean {
    return this.#taken.delete(index);
  }
}
