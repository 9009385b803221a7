// Transactions plus "run this after commit" hooks. In-memory caches (the IPAM
// index) must change only once their rows are durable, and not at all when a
// later statement in the same transaction throws and everything rolls back.
import type Database from 'better-sqlite3';
import { errorMessage, systemFailure } from '../errors';

/**
 * How hard a commit must reach the disk. `full` fsyncs the commit itself;
 * `process` (SQLite's synchronous=NORMAL in WAL mode) survives a crash or
 * kill of the daemon but may lose the last commits on power loss. The
 * latter suits rows that describe kernel objects a power loss destroys
 * anyway: endpoints, their addresses, volume mount IDs.
 */
export type CommitDurability = 'full' | 'process';

export class TransactionRunner {
  #depth = 0;
  #pending: Array<() => void> = [];
  #synchronous: 'FULL' | 'NORMAL';

  readonly #transaction: Database.Transaction<(fn: () => unknown) => unknown>;

  constructor(private readonly db: Database.Database, private readonly defaultDurability: CommitDurability) {
    this.#transaction = db.transaction((fn: () => unknown) => fn());
    this.#synchronous = defaultDurability === 'full' ? 'FULL' : 'NORMAL';
  }

  /** The stricter of the store's default and the caller's wish decides. */
  #applyDurability(wanted: CommitDurability | undefined): void {
    const mode = wanted === 'process' || this.defaultDurability === 'process' ? 'NORMAL' : 'FULL';
    if (mode === this.#synchronous) return;
    this.db.pragma(`synchronous = ${mode}`);
    this.#synchronous = mode;
  }

  get active(): boolean {
    return this.#depth > 0;
  }

  /**
   * Runs `fn` in one transaction (a savepoint when nested). A throw rolls
   * back and is rethrown. `fn` must be synchronous: better-sqlite3 refuses a
   * function returning a promise, which would otherwise commit early.
   */
  run<T>(fn: () => T, durability?: CommitDurability): T {
    const mark = this.#pending.length;
    // The setting applies to the outermost commit; a nested call joins it.
    // It is put back afterwards, so statements outside transactions keep
    // the store's own durability.
    const outermost = this.#depth === 0;
    if (outermost) this.#applyDurability(durability);
    this.#depth++;
    let result: T;
    try {
      result = this.#transaction.immediate(fn) as T;
    } catch (err) {
      this.#pending.length = mark;
      throw err;
    } finally {
      this.#depth--;
      if (outermost) this.#applyDurability(undefined);
    }
    if (this.#depth === 0) this.#flush();
    return result;
  }

  afterCommit(fn: () => void): void {
    if (this.#depth > 0) this.#pending.push(fn);
    else fn();
  }

  #flush(): void {
    const hooks = this.#pending;
    this.#pending = [];
    let failure: unknown;
    for (const hook of hooks) {
      try {
        hook();
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) {
      throw systemFailure(`the change was saved, but updating in-memory state after it failed: ${errorMessage(failure)}`, failure);
    }
  }
}
