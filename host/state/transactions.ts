// Transactions plus "run this after commit" hooks. In-memory caches (the IPAM
// index) must change only once their rows are durable, and not at all when a
// later statement in the same transaction throws and everything rolls back.
import type Database from 'better-sqlite3';
import { errorMessage, systemFailure } from '../errors';

export class TransactionRunner {
  #depth = 0;
  #pending: Array<() => void> = [];

  readonly #transaction: Database.Transaction<(fn: () => unknown) => unknown>;

  constructor(db: Database.Database) {
    this.#transaction = db.transaction((fn: () => unknown) => fn());
  }

  get active(): boolean {
    return this.#depth > 0;
  }

  /**
   * Runs `fn` in one transaction (a savepoint when nested). A throw rolls
   * back and is rethrown. `fn` must be synchronous: better-sqlite3 refuses a
   * function returning a promise, which would otherwise commit early.
   */
  run<T>(fn: () => T): T {
    const mark = this.#pending.length;
    this.#depth++;
    let result: T;
    try {
      result = this.#transaction.immediate(fn) as T;
    } catch (err) {
      this.#pending.length = mark;
      throw err;
    } finally {
      this.#depth--;
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
