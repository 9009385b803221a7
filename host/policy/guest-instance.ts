// One running policy instance: an Extism plugin on a shared compiled module,
// with its own memory, Var store and config. Calls are serialised because
// an Extism plugin keeps per-call state (input, output blocks) that a second
// concurrent call would reset.
//
// Instances run on the daemon's thread, bounded by the engine's limits; an
// isolated instance runs in a worker thread that Extism terminates at a
// deadline, for policies that outran their budget where the engine does not
// look (see host/policy/README.md).
import type { Plugin } from '@extism/extism';
import { loadCreatePlugin } from './extism';
import type { Logger } from '../logging';
import type { CallScope } from './call-scope';
import { hostFunctions } from './host-functions';
import type { GuestLimits } from './limits';
import { engineConfig } from './limits';

export type GuestFailureKind = 'budget' | 'heap' | 'stack' | 'trap' | 'guest-error' | 'output-too-large';

export class GuestCallError extends Error {
  override readonly name = 'GuestCallError';
  /** How long the failed call ran, for the decision log; set where the call is timed. */
  durationUs = 0;
  /** The call outran its budget without the engine stopping it (time spent in native code). */
  unbounded = false;
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
/** What Extism rejects a worker call with at its deadline; it restarts the worker itself. */
const WORKER_TIMEOUT = 'EXTISM: call canceled due to timeout';

/**
 * Extism applies a worker's deadline to starting it too, which takes
 * 50-100 ms on a loaded machine; a shorter deadline would fail the start.
 * A late answer only delays the isolated policy's own decisions.
 */
export const MIN_WORKER_DEADLINE_MS = 1000;

/**
 * Time a worker call spends handing input and output between threads, not
 * in the guest: measured p99 2.9 ms, worst 14 ms on a loaded machine.
 */
const WORKER_HANDOFF_ALLOWANCE_MS = 25;

export interface GuestInstanceOptions {
  /** Run in a worker thread, terminated at a deadline. */
  isolated?: boolean;
}

export class GuestInstance {
  #plugin: Plugin | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #calls = 0;
  #closing = false;
  #label: string;
  #guestLog: Logger | undefined;

  private constructor(
    label: string,
    private readonly module: WebAssembly.Module,
    private readonly limits: GuestLimits,
    private readonly logger: Logger,
    readonly isolated: boolean,
  ) {
    this.#label = label;
  }

  static async create(label: string, module: WebAssembly.Module, limits: GuestLimits, logger: Logger, options: GuestInstanceOptions = {}): Promise<GuestInstance> {
    const instance = new GuestInstance(label, module, limits, logger, options.isolated ?? false);
    await instance.#replace();
    return instance;
  }

  get calls(): number {
    return this.#calls;
  }

  /** Who the instance serves (`policy/tenant`), in its log lines and its guest's. */
  get label(): string {
    return this.#label;
  }

  /**
   * Names an instance built before its tenant was known (the runtime's
   * spare) after the tenant it is handed to. The label is the only thing
   * about an instance that depends on the tenant; an instance that has
   * already run a call is never handed on.
   */
  adopt(label: string): void {
    if (this.#calls > 0 || this.#closing) throw new Error(`instance ${this.#label} has already served; it cannot be handed to ${label}`);
    this.#label = label;
    this.#guestLog = undefined;
  }

  async #replace(): Promise<void> {
    const old = this.#plugin;
    this.#plugin = undefined;
    await old?.close().catch(() => {});
    // Looked up at each guest log line: the label can change once (adopt).
    const guestLog = () => (this.#guestLog ??= this.logger.child({ guest: this.#label }));
    const createPlugin = await loadCreatePlugin();
    this.#plugin = await createPlugin(
      { wasm: [{ module: this.module }], config: engineConfig(this.limits) },
      {
        useWasi: false,
        runInWorker: this.isolated,
        ...(this.isolated ? { timeoutMs: this.#workerDeadlineMs() } : {}),
        functions: { 'extism:host/user': hostFunctions() },
        logLevel: 'info',
        logger: {
          debug: (...a: unknown[]) => guestLog().debug({ guestLog: a.join(' ') }, 'guest log'),
          info: (...a: unknown[]) => guestLog().info({ guestLog: a.join(' ') }, 'guest log'),
          warn: (...a: unknown[]) => guestLog().warn({ guestLog: a.join(' ') }, 'guest log'),
          error: (...a: unknown[]) => guestLog().error({ guestLog: a.join(' ') }, 'guest log'),
          trace: (...a: unknown[]) => guestLog().trace({ guestLog: a.join(' ') }, 'guest log'),
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
    let started = 0n;
    let cpuAtStart: NodeJS.CpuUsage | undefined;
    const elapsedUs = () => Number((process.hrtime.bigint() - started) / 1000n);
    let text: string;
    try {
      if (!this.#plugin) await this.#replace();
      // Instantiation is the host's cost, not the guest's.
      cpuAtStart = process.cpuUsage();
      started = process.hrtime.bigint();
      const out = await this.#plugin!.call(fn, input, scope);
      if (out === null) {
        text = '';
      } else if (out.bytes().byteLength > this.limits.maxOutputBytes) {
        throw new GuestCallError('output-too-large', `output of ${out.bytes().byteLength} bytes exceeds the limit of ${this.limits.maxOutputBytes} bytes`);
      } else {
        text = out.text();
      }
    } catch (err) {
      const ranUs = started === 0n ? 0 : elapsedUs();
      const failure = await this.#classify(err);
      failure.durationUs = ranUs;
      throw failure;
    }
    const durationUs = elapsedUs();
    // The engine's operation budget is the guard; this catches what it
    // cannot see (time spent in a long native builtin) so an over-budget
    // decision is never acted on. Wall time alone is not proof: on a loaded
    // host a 50 us call measured 118 ms because the thread was not running,
    // so an in-thread call must also have spent the CPU time. A worker call
    // is judged on wall time, less what the hand-off between threads costs.
    const allowedUs = (this.limits.budgetMs + (this.isolated ? WORKER_HANDOFF_ALLOWANCE_MS : 0)) * 1000;
    if (durationUs > allowedUs && this.#cpuUs(cpuAtStart) > this.limits.budgetMs * 1000) {
      const failure = new GuestCallError('budget', `call took ${(durationUs / 1000).toFixed(1)} ms, over its budget of ${this.limits.budgetMs} ms`);
      failure.durationUs = durationUs;
      failure.unbounded = true;
      throw failure;
    }
    return { output: text, durationUs };
  }

  #workerDeadlineMs(): number {
    return Math.max(2 * this.limits.budgetMs, MIN_WORKER_DEADLINE_MS);
  }

  #cpuUs(since: NodeJS.CpuUsage | undefined): number {
    if (this.isolated) return Infinity;
    if (!since) return 0;
    const used = process.cpuUsage(since);
    return used.user + used.system;
  }

  async #classify(err: unknown): Promise<GuestCallError> {
    if (err instanceof GuestCallError) return err;
    // A worker plugin rejects with a plain { message } object, not an Error.
    const message = typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
    if (message.startsWith(WORKER_TIMEOUT)) {
      const failure = new GuestCallError('budget', `stopped at the worker's deadline of ${this.#workerDeadlineMs()} ms (budget ${this.limits.budgetMs} ms)`);
      failure.unbounded = true;
      return failure;
    }
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
