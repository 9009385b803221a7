// The policy runtime: every decision the drivers need goes through
// decide(). It picks the policy, runs the hook in that tenant's own guest
// instance (falling back to the built-in default for hooks a policy lacks),
// validates the answer by schema and by meaning, logs it, and in monitor
// mode acts on the default's answer instead.
import { watch, type FSWatcher } from 'node:fs';
import type { PolicyDecider } from './decider';
import { invalid, policyFailure, errorMessage } from '../errors';
import type { Logger } from '../logging';
import type { CallScope } from './call-scope';
import { decisionProblem, type CheckContext } from './decision-checks';
import { DecisionLog, type PolicyMode } from './decision-log';
import { GuestCallError, GuestInstance } from './guest-instance';
import { outputSchemaViolation, type HookInput, type HookName, type HookOutput } from './hook-contract';
import { DEFAULT_LIMITS, type GuestLimits } from './limits';
import { warmUp } from './warm-up';
import { DEFAULT_POLICY, forgetModulesExcept, loadCatalog, unknownPolicy, type CatalogSources, type LoadedPolicy } from './policy-catalog';
import type { PolicyObserver, SpareEvent } from './observer';

export interface PolicySettings {
  mode?: PolicyMode;
  budgetMs?: number;
  /** Run this policy's instances in worker threads from the start (otherwise only after an overrun). */
  isolate?: boolean;
}

export interface PolicyRuntimeConfig extends CatalogSources {
  /** tenant -> policy used when a request names none. */
  tenantDefaults: Readonly<Record<string, string>>;
  policies: Readonly<Record<string, PolicySettings>>;
  limits: GuestLimits;
  /** Log full decision inputs, not only their digest (needed for replay). */
  recordInputs: boolean;
  /** Reload when the policy directory changes. */
  watch: boolean;
  /** Told about every decision and reload (the daemon's metrics). */
  observer?: PolicyObserver;
}

export const defaultRuntimeConfig = (sources: CatalogSources): PolicyRuntimeConfig => ({
  ...sources,
  tenantDefaults: {},
  policies: {},
  limits: DEFAULT_LIMITS,
  recordInputs: false,
  watch: true,
});

/** Which policy a network, pool or volume uses, fixed when it is created. */
export interface PolicyChoice {
  policy: string;
  tenant: string;
}

export interface DecisionContext {
  scope?: CallScope;
  check?: CheckContext;
  /** Extra, state-dependent check by the caller (e.g. a bridge name already in use). */
  verify?: (output: unknown) => string | undefined;
}

type Caller = 'tenant' | 'policy';
export type DecisionInput<H extends HookName> = Omit<HookInput<H>, Caller>;

export interface PolicyStatus {
  name: string;
  sha256: string;
  source: string;
  builtin: boolean;
  mode: PolicyMode;
  hooks: HookName[];
  calls: number;
  /** Instances run in worker threads (configured, or after the policy outran its budget in native code). */
  isolated?: boolean;
}

/** A policy version: instances of different versions never mix. */
const versionKey = (policy: LoadedPolicy) => `${policy.name}@${policy.sha256}`;

export class PolicyRuntime implements PolicyDecider {
  #policies: ReadonlyMap<string, LoadedPolicy> = new Map();
  readonly #instances = new Map<string, Promise<GuestInstance>>();
  /**
   * One spare instance per loaded policy version (key: versionKey), built
   * before a tenant needs it. Creating an instance takes 0.4 ms at the
   * median but about one time in ten 5-40 ms (GC of the new wasm memory,
   * V8's background compilation), which a new tenant's first decision paid.
   * A new tenant takes the spare and the next one is built on a later turn
   * of the event loop, off the decision path. Nothing about an instance is
   * tenant-specific but its label (config is per policy, the call scope is
   * passed with each call), which is set when it is handed out.
   */
  readonly #spares = new Map<string, Promise<GuestInstance>>();
  /** Spares scheduled (setImmediate) but not started. */
  readonly #spareBuilds = new Map<string, NodeJS.Immediate>();
  /** Spares whose turn came while a decision was running: built once none is. */
  readonly #sparesDeferred = new Map<string, LoadedPolicy>();
  #decisionsRunning = 0;
  #closed = false;
  readonly #calls = new Map<string, number>();
  /** Policies whose instances run in worker threads. */
  readonly #isolated = new Set<string>();
  readonly #log: DecisionLog;
  #watcher: FSWatcher | undefined;
  #reloading: Promise<void> = Promise.resolve();

  private readonly logger: Logger;

  private constructor(private readonly config: PolicyRuntimeConfig, daemonLogger: Logger) {
    // Siblings, not parent and child: pino would repeat the "component" key.
    this.logger = daemonLogger.child({ component: 'policy' });
    this.#log = new DecisionLog(daemonLogger.child({ component: 'decisions' }), config.recordInputs);
  }

  static async open(config: PolicyRuntimeConfig, logger: Logger): Promise<PolicyRuntime> {
    const runtime = new PolicyRuntime(config, logger);
    await runtime.#load(true);
    for (const [tenant, policy] of Object.entries(config.tenantDefaults)) {
      if (!runtime.#policies.has(policy)) {
        throw invalid(`tenant "${tenant}" defaults to policy "${policy}", which is not loaded`);
      }
    }
    if (config.watch) runtime.#watch();
    return runtime;
  }

  /** Resolves a request's `policy=`/`tenant=` options; unknown names are refused here, at create time. */
  choose(options: { policy?: string | undefined; tenant?: string | undefined }): PolicyChoice {
    const tenant = options.tenant ?? '';
    if (!/^[A-Za-z0-9_.-]{0,64}$/.test(tenant)) {
      throw invalid(`invalid tenant ${JSON.stringify(tenant)}: use up to 64 letters, digits, "_", "." or "-"`);
    }
    const policy = options.policy ?? this.config.tenantDefaults[tenant] ?? DEFAULT_POLICY;
    if (!this.#policies.has(policy)) throw unknownPolicy(policy, this.#policies.keys());
    return { policy, tenant };
  }

  async decide<H extends HookName>(hook: H, choice: PolicyChoice, partial: DecisionInput<H>, ctx: DecisionContext = {}): Promise<HookOutput<H>> {
    this.#decisionsRunning++;
    try {
      return await this.#decide(hook, choice, partial, ctx);
    } finally {
      if (--this.#decisionsRunning === 0 && this.#sparesDeferred.size > 0) {
        const deferred = [...this.#sparesDeferred.values()];
        this.#sparesDeferred.clear();
        for (const policy of deferred) this.#scheduleSpare(policy);
      }
    }
  }

  async #decide<H extends HookName>(hook: H, choice: PolicyChoice, partial: DecisionInput<H>, ctx: DecisionContext): Promise<HookOutput<H>> {
    const policies = this.#policies;
    const chosen = policies.get(choice.policy);
    if (!chosen) throw policyFailure(`policy "${choice.policy}" chosen for this object is no longer loaded; restore ${choice.policy}.wasm in the policy directory`);
    const fallback = policies.get(DEFAULT_POLICY)!;
    const implementer = chosen.hooks.has(hook) ? chosen : fallback;
    const mode = implementer === fallback ? 'enforce' : (this.config.policies[chosen.name]?.mode ?? 'enforce');
    const input = { ...partial, tenant: choice.tenant, policy: choice.policy } as HookInput<H>;
    const inputJson = JSON.stringify(input);

    if (mode === 'enforce') {
      const result = this.#observed(mode, await this.#evaluate(hook, implementer, choice.tenant, input, inputJson, ctx));
      this.#log.write({ ...result.record, mode, ...(result.ok ? { applied: result.output } : {}) });
      if (!result.ok) throw result.error;
      return result.output;
    }
    // Monitor: the candidate is evaluated and logged; the default decides.
    const [candidate, actual] = await Promise.all([
      this.#evaluate(hook, implementer, choice.tenant, input, inputJson, ctx).then((r) => this.#observed(mode, r)),
      this.#evaluate(hook, fallback, choice.tenant, input, inputJson, ctx).then((r) => this.#observed(mode, r)),
    ]);
    this.#log.write({ ...candidate.record, mode, ...(actual.ok ? { applied: actual.output } : {}) });
    if (!actual.ok) throw actual.error;
    return actual.output;
  }

  #observed<R extends { ok: boolean; error?: Error; record: { policy: string; hook: HookName; tenant: string; durationUs: number } }>(mode: PolicyMode, result: R): R {
    const { policy, hook, tenant, durationUs } = result.record;
    const cause = result.error?.cause;
    const failure = result.ok ? undefined : cause instanceof GuestCallError ? cause.kind : cause === undefined ? 'invalid-output' : 'host';
    try {
      this.config.observer?.decision?.({ policy, hook, tenant, mode, durationUs, ...(failure ? { failure } : {}) });
    } catch (err) {
      this.logger.warn({ err: errorMessage(err) }, 'decision observer failed');
    }
    return result;
  }

  async #evaluate<H extends HookName>(hook: H, policy: LoadedPolicy, tenant: string, input: HookInput<H>, inputJson: string, ctx: DecisionContext) {
    const record = { policy: policy.name, sha256: policy.sha256, tenant, hook, input, inputJson, durationUs: 0 };
    const fail = (reason: string, cause?: unknown) => {
      const error = policyFailure(`policy "${policy.name}" (${hook}): ${reason}`, cause);
      return { ok: false as const, error, record: { ...record, error: reason } };
    };
    let raw: string;
    try {
      const instance = await this.#instance(policy, tenant);
      this.#calls.set(policy.name, (this.#calls.get(policy.name) ?? 0) + 1);
      const result = await instance.call(hook, inputJson, ctx.scope ?? {});
      record.durationUs = result.durationUs;
      raw = result.output;
    } catch (err) {
      if (err instanceof GuestCallError) record.durationUs = err.durationUs;
      if (err instanceof GuestCallError && err.unbounded) this.#isolate(policy.name, err.message);
      return fail(err instanceof GuestCallError ? err.message : `could not run: ${errorMessage(err)}`, err);
    }
    let output: unknown;
    try {
      output = JSON.parse(raw);
    } catch {
      return fail(`output is not JSON: ${JSON.stringify(raw.slice(0, 80))}`);
    }
    const violation = outputSchemaViolation(hook, output) ?? decisionProblem(hook, input, output as HookOutput<H>, ctx.check ?? {}) ?? ctx.verify?.(output);
    if (violation !== undefined) return { ...fail(violation), record: { ...record, output, error: violation } };
    return { ok: true as const, output: output as HookOutput<H>, record: { ...record, output } };
  }

  #instance(policy: LoadedPolicy, tenant: string): Promise<GuestInstance> {
    // One instance per policy version and tenant: tenants never share
    // memory, Var or config; compiled modules are shared.
    const key = `${versionKey(policy)}/${tenant}`;
    let instance = this.#instances.get(key);
    if (!instance) {
      const label = `${policy.name}/${tenant || '-'}`;
      const isolated = this.#isIsolated(policy.name);
      const create = () => GuestInstance.create(label, policy.module, this.#limitsOf(policy.name), this.logger, { isolated });
      const spare = isolated ? undefined : this.#takeSpare(policy, tenant);
      instance = spare ? this.#adopt(spare, label, create) : create();
      instance.catch(() => this.#instances.delete(key));
      this.#instances.set(key, instance);
      this.#scheduleSpare(policy);
    }
    return instance;
  }

  #isIsolated(policy: string): boolean {
    return this.#isolated.has(policy) || this.config.policies[policy]?.isolate === true;
  }

  #takeSpare(policy: LoadedPolicy, tenant: string): Promise<GuestInstance> | undefined {
    const key = versionKey(policy);
    const spare = this.#spares.get(key);
    if (spare) {
      this.#spares.delete(key);
      this.#spareEvent({ policy: policy.name, sha256: policy.sha256, change: 'taken', tenant });
    }
    return spare;
  }

  /** A taken spare, named for its tenant; one whose build failed is replaced by a fresh instance. */
  async #adopt(spare: Promise<GuestInstance>, label: string, create: () => Promise<GuestInstance>): Promise<GuestInstance> {
    let instance: GuestInstance;
    try {
      instance = await spare;
    } catch {
      return create();
    }
    try {
      instance.adopt(label);
    } catch (err) {
      void instance.close().catch(() => {});
      throw err;
    }
    return instance;
  }

  /** Builds the policy version's spare on a later turn of the event loop, unless it has one. */
  #scheduleSpare(policy: LoadedPolicy): void {
    const key = versionKey(policy);
    if (this.#closed || this.#spares.has(key) || this.#spareBuilds.has(key) || this.#isIsolated(policy.name)) return;
    const build = setImmediate(() => {
      this.#spareBuilds.delete(key);
      // Since scheduled, the version may have been replaced or isolated, the runtime closed.
      if (this.#closed || this.#spares.has(key) || this.#isIsolated(policy.name)) return;
      if (this.#policies.get(policy.name)?.sha256 !== policy.sha256) return;
      // A decision awaiting something (a worker, a new instance) lets the
      // event loop turn; building now would add to its time.
      if (this.#decisionsRunning > 0) {
        this.#sparesDeferred.set(key, policy);
        return;
      }
      const spare = GuestInstance.create(`${policy.name}/spare`, policy.module, this.#limitsOf(policy.name), this.logger, { isolated: false });
      this.#spares.set(key, spare);
      spare.then(
        () => {
          if (this.#spares.get(key) === spare) this.#spareEvent({ policy: policy.name, sha256: policy.sha256, change: 'ready' });
        },
        (err: unknown) => {
          // The next new tenant creates its own instance (and schedules another spare).
          if (this.#spares.get(key) === spare) this.#spares.delete(key);
          this.logger.warn({ policy: policy.name, sha256: policy.sha256, err: errorMessage(err) }, 'could not build a spare policy instance');
        },
      );
    });
    build.unref();
    this.#spareBuilds.set(key, build);
  }

  /** Closes spares (built or being built) whose key fails `keep`; resolves when they are closed. */
  #discardSpares(keep: (key: string) => boolean): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const [key, spare] of this.#spares) {
      if (keep(key)) continue;
      this.#spares.delete(key);
      const at = key.lastIndexOf('@');
      closing.push(
        spare.then(
          async (instance) => {
            await instance.close();
            this.#spareEvent({ policy: key.slice(0, at), sha256: key.slice(at + 1), change: 'discarded' });
          },
          () => {},
        ),
      );
    }
    return Promise.all(closing).then(() => {});
  }

  #spareEvent(event: SpareEvent): void {
    try {
      this.config.observer?.spare?.(event);
    } catch (err) {
      this.logger.warn({ err: errorMessage(err) }, 'spare observer failed');
    }
  }

  /**
   * The engine stops interpreted code within its budget, but a native
   * built-in (JSON.stringify of a large value, measured at up to seconds)
   * runs on between its checks and holds the daemon's thread. A policy that
   * did that once runs in worker threads from then on, where a deadline
   * can stop it; every other policy keeps the in-thread speed.
   */
  #isolate(policy: string, why: string): void {
    if (this.#isolated.has(policy)) return;
    this.#isolated.add(policy);
    this.logger.warn({ policy, reason: why }, 'policy outran its budget where the engine cannot stop it; its instances run in worker threads from now on');
    for (const [key, instance] of this.#instances) {
      if (key.startsWith(`${policy}@`)) {
        this.#instances.delete(key);
        void instance.then((i) => i.close()).catch(() => {});
      }
    }
    // Worker instances are not kept spare: a thread each, for a policy that misbehaved.
    void this.#discardSpares((key) => !key.startsWith(`${policy}@`));
  }

  #limitsOf(policy: string): GuestLimits {
    return { ...this.config.limits, budgetMs: this.config.policies[policy]?.budgetMs ?? this.config.limits.budgetMs };
  }

  /** Loads the policy directory again; a module that fails keeps its old version serving. */
  reload(reason: string): Promise<void> {
    this.#reloading = this.#reloading.then(() => this.#load(false, reason)).catch((err: unknown) => {
      this.logger.error({ err: errorMessage(err), reason }, 'policy reload failed; the loaded policies keep serving');
      this.config.observer?.reload?.({ reason, ok: false, problems: 0 });
    });
    return this.#reloading;
  }

  async #load(initial: boolean, reason = 'start'): Promise<void> {
    const catalog = await loadCatalog(this.config);
    const policies = new Map(catalog.policies);
    const problems = [...catalog.problems];
    for (const [name, policy] of catalog.policies) {
      if (this.#policies.get(name)?.sha256 === policy.sha256) continue;
      try {
        const overrun = await warmUp(policy, this.#limitsOf(name), this.logger);
        if (overrun) this.#isolate(name, `at load: ${overrun.message}`);
      } catch (err) {
        policies.delete(name);
        problems.push({ name, source: policy.source, reason: `policy "${name}" (${policy.source}) cannot be instantiated: ${errorMessage(err)}` });
      }
    }
    if (!policies.has(DEFAULT_POLICY) && !this.#policies.has(DEFAULT_POLICY)) {
      throw policyFailure(`the built-in default policy cannot run: ${problems.find((p) => p.name === DEFAULT_POLICY)?.reason ?? 'unknown reason'}`);
    }
    const next = new Map(policies);
    for (const problem of problems) {
      const previous = this.#policies.get(problem.name);
      if (previous) next.set(problem.name, previous);
      this.logger.error({ policy: problem.name, source: problem.source, reason: problem.reason, kept: previous?.sha256 }, 'policy failed to load');
    }
    const old = this.#policies;
    this.#policies = next;
    forgetModulesExcept([...next.values()].map((p) => p.sha256));
    for (const p of next.values()) {
      const before = old.get(p.name);
      if (initial || before?.sha256 !== p.sha256) this.logger.info({ policy: p.name, sha256: p.sha256, source: p.source, hooks: [...p.hooks], reason }, 'policy loaded');
    }
    // Instances of versions no longer loaded close once their queued calls finish.
    const live = new Set([...next.values()].map((p) => `${p.name}@${p.sha256}/`));
    for (const [key, instance] of this.#instances) {
      if (![...live].some((prefix) => key.startsWith(prefix))) {
        this.#instances.delete(key);
        void instance.then((i) => i.close()).catch(() => {});
      }
    }
    // So are the spares of old versions; each loaded version gets one.
    const versions = new Set([...next.values()].map(versionKey));
    void this.#discardSpares((key) => versions.has(key));
    for (const p of next.values()) this.#scheduleSpare(p);
    if (!initial) this.config.observer?.reload?.({ reason, ok: problems.length === 0, problems: problems.length });
  }

  #watch(): void {
    try {
      let timer: NodeJS.Timeout | undefined;
      this.#watcher = watch(this.config.policyDir, () => {
        clearTimeout(timer);
        // Editors and cp write in several steps; reload once they settle.
        timer = setTimeout(() => void this.reload('policy directory changed'), 200);
        timer.unref();
      });
      this.#watcher.on('error', (err) => this.logger.warn({ err: errorMessage(err) }, 'stopped watching the policy directory; send SIGHUP to reload'));
    } catch (err) {
      this.logger.warn({ dir: this.config.policyDir, err: errorMessage(err) }, 'cannot watch the policy directory; send SIGHUP to reload');
    }
  }

  status(): PolicyStatus[] {
    return [...this.#policies.values()].map((p) => ({
      name: p.name,
      sha256: p.sha256,
      source: p.source,
      builtin: p.builtin,
      mode: this.config.policies[p.name]?.mode ?? 'enforce',
      hooks: [...p.hooks],
      calls: this.#calls.get(p.name) ?? 0,
      isolated: this.#isolated.has(p.name) || this.config.policies[p.name]?.isolate === true,
    }));
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const build of this.#spareBuilds.values()) clearImmediate(build);
    this.#spareBuilds.clear();
    this.#sparesDeferred.clear();
    this.#watcher?.close();
    await this.#reloading;
    const instances = [...this.#instances.values()];
    this.#instances.clear();
    await Promise.allSettled([...instances.map(async (i) => (await i).close()), this.#discardSpares(() => false)]);
  }
}
