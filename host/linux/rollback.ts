// Multi-step kernel changes register an undo per completed step; on failure
// the undos run in reverse and the error says whether the host is clean.
import { WasmdriverError, errorKind, errorMessage } from '../errors';

type Undo = { what: string; fn: () => Promise<void> };

export class Rollback {
  readonly #undos: Undo[] = [];

  /** Registers how to undo a step that has just completed. */
  add(what: string, fn: () => Promise<void>): void {
    this.#undos.push({ what, fn });
  }

  /** True when some completed step would need undoing. */
  get pending(): boolean {
    return this.#undos.length > 0;
  }

  /**
   * Undoes every registered step (last first) and returns the error to throw:
   * same kind as `err`, message ending "; rolled back" or
   * "; failed to roll back: <step>: <cause>".
   */
  async unwind(err: unknown): Promise<WasmdriverError> {
    const failures: string[] = [];
    for (const u of this.#undos.splice(0).reverse()) {
      try {
        await u.fn();
      } catch (e) {
        failures.push(`${u.what}: ${errorMessage(e)}`);
      }
    }
    const suffix = failures.length === 0 ? '; rolled back' : `; failed to roll back: ${failures.join('; ')}`;
    return new WasmdriverError(errorKind(err), errorMessage(err) + suffix, { cause: err });
  }
}

/** Runs `body` with a fresh Rollback; on any error, unwinds and rethrows. */
export async function withRollback<T>(body: (rb: Rollback) => Promise<T>): Promise<T> {
  const rb = new Rollback();
  try {
    return await body(rb);
  } catch (err) {
    if (!rb.pending) throw err;
    throw await rb.unwind(err);
  }
}
