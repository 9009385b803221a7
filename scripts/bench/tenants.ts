// Benchmark 5, many tenants: the same policy (the default) loaded for 200
// tenants, i.e. 200 guest instances on one compiled module. Reports the
// resident memory each instance adds and the latency of a new tenant's first
// decision (instance creation + call), alternated with a decision of a
// tenant whose instance is already warm.
// Usage: node --expose-gc --import tsx scripts/bench/tenants.ts [--tenants=200]
import { alternate, compare, intOption, newResult, sleep, target } from './lib/bench';
import { benchPool, openBenchRuntime } from './lib/policy-setup';
import type { DecisionContext } from '../../host/policy/runtime';

const tenants = intOption('tenants', 200);
const warmup = intOption('warmup', 5, 0);
const turns = intOption('turns', 1, 0);
const result = newResult('tenants', `Many tenants: the default policy loaded for ${tenants} tenants`, { tenants, warmup, turns, hook: 'assignAddress' });

const { pool, queries } = benchPool();
const partial = { poolId: 'bench', pool: pool.cidr, subPool: '', kind: 'endpoint' as const, requestedAddress: '', macAddress: '', options: {} };
const ctx: DecisionContext = { scope: { pool: queries }, check: { pool, poolQueries: queries } };
const gc = (globalThis as { gc?: () => void }).gc;

/** Lets the event loop run, as it does between two requests the daemon receives (not timed). */
async function turnEventLoop(): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

async function settledRss(): Promise<number> {
  // Twice, with a turn of the event loop between: finalizers free wasm memories late.
  for (let i = 0; i < 2; i++) {
    gc?.();
    await sleep(50);
  }
  return process.memoryUsage().rss;
}

const opened = await openBenchRuntime();
try {
  const decide = (tenant: string) => opened.runtime.decide('assignAddress', { policy: 'default', tenant }, partial, ctx);
  for (let i = 0; i < 200; i++) await decide('warm');
  let created = 0;
  const newTenant = async () => {
    await turnEventLoop();
    const t0 = process.hrtime.bigint();
    await decide(`tenant-${String(created++).padStart(4, '0')}`);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const warmCall = async () => {
    await turnEventLoop();
    const t0 = process.hrtime.bigint();
    await decide('warm');
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let i = 0; i < warmup; i++) await newTenant();
  const before = await settledRss();
  const alt = await alternate({ n: tenants, warmup: 0, candidate: newTenant, baseline: warmCall, progress: 'tenants' });
  const after = await settledRss();
  const c = compare('ms', { label: 'first decision of a new tenant', samples: alt.candidate }, { label: 'decision of a warm tenant', samples: alt.baseline });
  result.comparisons['decision latency'] = c;
  const perTenantMiB = (after - before) / tenants / 2 ** 20;
  result.figures['RSS per tenant instance'] = { value: perTenantMiB, unit: 'MiB' };
  result.figures[`RSS after ${created} tenants`] = { value: after / 2 ** 20, unit: 'MiB' };
  result.targets.push(target('RSS per tenant instance', perTenantMiB, 'MiB', 4));
  result.targets.push(target('first decision of a new tenant, median', c.candidate.median, 'ms', 5));
  result.targets.push(target('first decision of a new tenant, p99', c.candidate.p99, 'ms', 5));
  if (turns === 0) result.notes.push('--turns=0: samples ran back to back without an event-loop turn, so background work of the runtime did not run between them');
  if (!gc) result.notes.push('run without --expose-gc: RSS figures include garbage not yet collected');
} finally {
  await opened.close();
}
result.finish();
