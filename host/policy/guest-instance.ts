// One running policy instance: an Extism plugin on a shared compiled module,
// with its own memory, Var store and config. Calls are serialised because
// an Extism plugin keeps per-call state (input, output blocks) that a second
// concurrent call would reset.
import createPlugin, { type Plugin } from '@extism/extism';
import type { Logger } from '../logging';
import type { CallScope } from './call-scope';
import { hostFunctions } from './host-functions';
import type { GuestLimits } from './limits';
import { engineConfig } from './limits';

export type GuestFailureKind = 'budget' | 'heap' | 'stack' | 'trap' | 'guest-error' | 'output-too-large';

export class GuestCallError extends Error {
  override readonly name = 'GuestCallError';
  constructor(readonly kind: GuestFailureKind, message: string) {
    super(message);
  }
}

export interface GuestCallResult {
  output: string;
  durationUs: number;
}

/** Engine errors start with these words (guests/engine/README.md). */
const LIMIT_PREFIXES: [string, GuestFailureKind][] = [
  ['limit exceeded: operations', 'budget'],
  ['limit exceeded: heap', 'heap'],
  ['limit exceeded: stack', 'stack'],
];
/** What the engine answers once an earlier call trapped; only a new instance recovers. */
const POISONED_PREFIX = 'engine: an earlier call trapped';

export class GuestInstance {
  #plugin: Plugin | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #calls = 0;
  #closing = false;

  private constructor(
    readonly label: string,
    private readonly module: WebAssembly.Module,
    private readonly limits: GuestLimits,
    private readonly logger: Logger,
  ) {}

  static async create(label: string, module: WebAssembly.Module, limits: GuestLimits, logger: Logger): Promise<GuestInstance> {
    const instance = new GuestInstance(label, module, limits, logger);
    await instance.#replace();
    return instance;
  }

  get calls(): number {
    return this.#calls;
  }

  async #replace(): Promise<void> {
    const old = this.#plugin;
    this.#plugin = undefined;
    await old?.close().catch(() => {});
    const guestLog = this.logger.child({ guest: this.label });
    this.#plugin = await createPlugin(
      { wasm: [{ module: this.module }], config: engineConfig(this.limits) },
      {
        useWasi: false,
        runInWorker: false,
        functions: { 'extism:host/user': hostFunctions() },
        logLevel: 'info',
        logger: {
          debug: (...a: unknown[]) => guestLog.debug({ guestLog: a.join(' ') }, 'guest log'),
          info: (...a: unknown[]) => guestLog.info({ guestLog: a.join(' ') }, 'guest log'),
          warn: (...a: unknown[]) => guestLog.warn({ guestLog: a.join(' ') }, 'guest log'),
          error: (...a: unknown[]) => guestLog.error({ guestLog: a.join(' ') }, 'guest log'),
          trace: (...a: unknown[]) => guestLog.trace({ guestLog: a.join(' ') }, 'guest log'),
        } as unknown as Console,
      },
    );
  }

  /**
   * Runs one export; serialised with every other call on this instance.
   * Calls that reach a closing instance (decisions already in flight when
   * a reload retired its version) still run; the plugin is released when
   * the last of them is done.
   */
  call(fn: string, input: string, scope: CallScope): Promise<GuestCallResult> {
    const run = this.#queue.then(() => this.#callNow(fn, input, scope));
    this.#queue = run.catch(() => {}).then(() => (this.#closing ? this.#release() : undefined));
    return run;
  }

  async #callNow(fn: string, input: string, scope: CallScope): Promise<GuestCallResult> {
    this.#calls++;
    const started = process.hrtime.bigint();
    const elapsedUs = () => Number((process.hrtime.bigint() - started) / 1000n);
    let text: string;
    try {
      if (!this.#plugin) await this.#replace();
      const out = await this.#plugin!.call(fn, input, scope);
      if (out === null) {
        text = '';
      } else if (out.bytes().byteLength > this.limits.maxOutputBytes) {
        throw new GuestCallError('output-too-large', `output of ${out.bytes().byteLength} bytes exceeds the limit of ${this.limits.maxOutputBytes} bytes`);
      } else {
        text = out.text();
      }
    } catch (err) {
      throw await this.#classify(err);
    }
    const durationUs = elapsedUs();
    // The engine's operation budget is the guard; this catches what it
    // cannot see (time spent in a long native builtin) so an over-budget
    // decision is never acted on.
    if (durationUs > this.limits.budgetMs * 1000) {
      throw new GuestCallError('budget', `call took ${(durationUs / 1000).toFixed(1)} ms, over its budget of ${this.limits.budgetMs} ms`);
    }
    return { output: text, durationUs };
  }

  async #classify(err: unknown): Promise<GuestCallError> {
    if (err instanceof GuestCallError) return err;
    const message = err instanceof Error ? err.message : String(err);
    const guestMessage = message.replace(/^Plugin-originated error: /, '');
    if (guestMessage !== message && !guestMessage.startsWith(POISONED_PREFIX)) {
      for (const [prefix, kind] of LIMIT_PREFIXES) {
        if (guestMessage.startsWith(prefix)) return new GuestCallError(kind, guestMessage);
      }
      return new GuestCallError('guest-error', guestMessage);
    }
    // A trap (or a host exception unwinding through the engine) may leave
    // the engine inconsistent: the next call gets a fresh instance.
    this.logger.warn({ guest: this.label, err: message }, 'policy instance trapped; replacing it');
    await this.#replace().catch((replaceErr: unknown) => {
      this.logger.error({ guest: this.label, err: String(replaceErr) }, 'failed to replace a trapped policy instance');
    });
    return new GuestCallError('trap', `the policy trapped: ${message}`);
  }

  async #release(): Promise<void> {
    const plugin = this.#plugin;
    this.#plugin = undefined;
    await plugin?.close().catch(() => {});
  }

  /** Releases the plugin once the calls already queued have finished. */
  async close(): Promise<void> {
    this.#closing = true;
    await this.#queue;
    await this.#release();
  }
}
