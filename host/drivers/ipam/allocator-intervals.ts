// Taken indexes kept as maximal disjoint runs [start, end], keyed by start.
// Adjacent runs are always merged, so the index right after a run is free:
// that makes "next free after x" one floor lookup. Memory grows with the
// number of runs (at most half the taken count), never with pool size.
import { BigIntTree } from './allocator-tree';

export class IntervalSet {
  readonly #runs = new BigIntTree();
  #count = 0;

  /** Number of members. */
  get count(): number {
    return this.#count;
  }

  /** Number of maximal runs (for tests and diagnostics). */
  get runCount(): number {
    return this.#runs.size;
  }

  has(x: bigint): boolean {
    const run = this.#runs.floor(x);
    return run !== undefined && run.value >= x;
  }

  /** Smallest non-member >= x. */
  firstAbsentFrom(x: bigint): bigint {
    const run = this.#runs.floor(x);
    return run !== undefined && run.value >= x ? run.value + 1n : x;
  }

  /** Adds x; false when it was already a member. */
  add(x: bigint): boolean {
    const before = this.#runs.floor(x);
    if (before !== undefined && before.value >= x) return false;
    const afterEnd = this.#runs.get(x + 1n);
    const joinsBefore = before !== undefined && before.value === x - 1n;
    if (joinsBefore && afterEnd !== undefined) {
      this.#runs.delete(x + 1n);
      this.#runs.set(before.key, afterEnd);
    } else if (joinsBefore) {
      this.#runs.set(before.key, x);
    } else if (afterEnd !== undefined) {
      this.#runs.delete(x + 1n);
      this.#runs.set(x, afterEnd);
    } else {
      this.#runs.set(x, x);
    }
    this.#count++;
    return true;
  }

  /** Removes x; false when it was not a member. */
  delete(x: bigint): boolean {
    const run = this.#runs.floor(x);
    if (run === undefined || run.value < x) return false;
    const { key: start, value: end } = run;
    if (start === x) this.#runs.delete(start);
    else this.#runs.set(start, x - 1n);
    if (end > x) this.#runs.set(x + 1n, end);
    this.#count--;
    return true;
  }

  *runs(): IterableIterator<readonly [bigint, bigint]> {
    for (const { key, value } of this.#runs.entries()) yield [key, value];
  }
}
