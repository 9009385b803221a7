// The daemon's Prometheus metrics, on a registry of its own (not prom-client's
// global one) so two daemons in one process, as in tests, never share
// counters. Pool fill is read at scrape time, never pushed.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PolicyObserver } from '../policy/observer';

export interface PoolFill {
  poolId: string;
  cidr: string;
  /** Addresses handed out, the gateway included. */
  taken: number;
  /** Addresses that may be handed out. */
  capacity: number;
}

export interface RequestObservation {
  plugin: string;
  /** Docker method, e.g. "IpamDriver.RequestAddress". */
  endpoint: string;
  statusCode: number;
  seconds: number;
  /** Error class when the call failed: an ErrorKind, "request" or "internal". */
  errorClass?: string;
}

// Policy calls run in microseconds to the budget's tens of milliseconds.
const DECISION_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

export class DaemonMetrics {
  readonly registry = new Registry();
  readonly #decisions: Histogram<'hook' | 'policy' | 'mode' | 'result'>;
  readonly #policyFailures: Counter<'hook' | 'policy' | 'failure'>;
  readonly #budgetHits: Counter<'hook' | 'policy'>;
  readonly #reloads: Counter<'reason' | 'result'>;
  readonly #requests: Histogram<'plugin' | 'endpoint' | 'status_code'>;
  readonly #errors: Counter<'plugin' | 'endpoint' | 'class'>;

  constructor(pools: () => PoolFill[], opts: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.#decisions = new Histogram({
      name: 'wasmdriver_policy_decision_seconds',
      help: 'Time one policy hook call took inside the guest, by hook, policy, mode and result (ok or error).',
      labelNames: ['hook', 'policy', 'mode', 'result'],
      buckets: DECISION_BUCKETS,
      registers,
    });
    this.#policyFailures = new Counter({
      name: 'wasmdriver_policy_failures_total',
      help: 'Policy calls that failed, by failure: budget, heap, stack, trap, guest-error, output-too-large, invalid-output, host.',
      labelNames: ['hook', 'policy', 'failure'],
      registers,
    });
    this.#budgetHits = new Counter({
      name: 'wasmdriver_policy_budget_exceeded_total',
      help: 'Policy calls stopped for exceeding their time budget.',
      labelNames: ['hook', 'policy'],
      registers,
    });
    this.#reloads = new Counter({
      name: 'wasmdriver_policy_reloads_total',
      help: 'Policy directory reloads, by reason (SIGHUP, directory change, admin) and result.',
      labelNames: ['reason', 'result'],
      registers,
    });
    this.#requests = new Histogram({
      name: 'wasmdriver_plugin_request_seconds',
      help: 'Time to answer one Docker plugin call, by plugin socket, endpoint and HTTP status.',
      labelNames: ['plugin', 'endpoint', 'status_code'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.#errors = new Counter({
      name: 'wasmdriver_plugin_errors_total',
      help: 'Failed Docker plugin calls, by error class: invalid, notFound, conflict, denied, policy, system, request, internal.',
      labelNames: ['plugin', 'endpoint', 'class'],
      registers,
    });
    // Each gauge reads the pools when scraped; three small reads keep them independent of scrape order.
    const poolGauge = (name: string, help: string, value: (p: PoolFill) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['pool_id', 'cidr'],
        registers,
        collect() {
          this.reset();
          for (const p of pools()) this.set({ pool_id: p.poolId, cidr: p.cidr }, value(p));
        },
      });
    poolGauge('wasmdriver_pool_addresses_taken', 'Addresses handed out in an IPAM pool, the gateway included.', (p) => p.taken);
    poolGauge('wasmdriver_pool_addresses_capacity', 'Addresses an IPAM pool can hand out.', (p) => p.capacity);
    poolGauge('wasmdriver_pool_fill_ratio', 'Fraction of an IPAM pool handed out (taken / capacity).', (p) => (p.capacity > 0 ? p.taken / p.capacity : 0));
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  readonly policyObserver: PolicyObserver = {
    decision: (e) => {
      this.#decisions.observe({ hook: e.hook, policy: e.policy, mode: e.mode, result: e.failure ? 'error' : 'ok' }, e.durationUs / 1e6);
      if (e.failure) this.#policyFailures.inc({ hook: e.hook, policy: e.policy, failure: e.failure });
      if (e.failure === 'budget') this.#budgetHits.inc({ hook: e.hook, policy: e.policy });
    },
    reload: (e) => {
      this.#reloads.inc({ reason: e.reason, result: e.ok ? 'ok' : 'problems' });
    },
  };

  observeRequest(o: RequestObservation): void {
    this.#requests.observe({ plugin: o.plugin, endpoint: o.endpoint, status_code: String(o.statusCode) }, o.seconds);
    if (o.errorClass !== undefined) this.#errors.inc({ plugin: o.plugin, endpoint: o.endpoint, class: o.errorClass });
  }
}
