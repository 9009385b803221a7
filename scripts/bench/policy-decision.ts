// Benchmark 3, one policy decision: assignAddress through PolicyRuntime.decide
// (default policy in its guest instance, host functions, schema and meaning
// checks, decision log) against the same TypeScript policy bundled for Node
// and called natively with the same JSON in and out, alternating call by call.
// Usage: npx tsx scripts/bench/policy-decision.ts [--n=20000] [--warmup=2000]
import { alternate, compare, intOption, newResult, summarize, target } from './lib/bench';
import { benchPool, nativeDefaultPolicy, openBenchRuntime } from './lib/policy-setup';
import type { DecisionContext } from '../../host/policy/runtime';

const n = intOption('n', 20_000);
const warmup = intOption('warmup', 2_000, 0);
const result = newResult('policy-decision', 'Policy decision: assignAddress via PolicyRuntime.decide vs the same TypeScript natively', { n, warmup, hook: 'assignAddress', policy: 'default', poolTaken: 41 });

const { pool, queries } = benchPool();
const choice = { policy: 'default', tenant: '' };
const partial = {
  poolId: 'wasmnet-local/10.30.0.0/16/0123abcd',
  pool: pool.cidr,
  subPool: '',
  kind: 'endpoint' as const,
  requestedAddress: '',
  macAddress: '',
  options: {},
};
const ctx: DecisionContext = { scope: { pool: queries }, check: { pool, poolQueries: queries } };
const native = await nativeDefaultPolicy();
const nativeAssign = native.assignAddress!;
const opened = await openBenchRuntime();
try {
  const viaRuntime = await opened.runtime.decide('assignAddress', choice, partial, ctx);
  const viaNode = JSON.parse(nativeAssign(JSON.stringify({ ...partial, ...choice }), ctx.scope!)) as { address: string };
  if (viaRuntime.address !== viaNode.address) throw new Error(`guest and native disagree: ${viaRuntime.address} vs ${viaNode.address}`);

  const guestUs: number[] = [];
  const alt = await alternate({
    n,
    warmup,
    candidate: async (round) => {
      const t0 = process.hrtime.bigint();
      await opened.runtime.decide('assignAddress', choice, partial, ctx);
      const us = Number(process.hrtime.bigint() - t0) / 1000;
      if (round >= 0) guestUs.push(opened.lastGuestUs());
      return us;
    },
    baseline: () => {
      const t0 = process.hrtime.bigint();
      JSON.parse(nativeAssign(JSON.stringify({ ...partial, ...choice }), ctx.scope!));
      return Number(process.hrtime.bigint() - t0) / 1000;
    },
  });
  const c = compare('µs', { label: 'PolicyRuntime.decide (guest + checks + log)', samples: alt.candidate }, { label: 'same TypeScript natively in Node', samples: alt.baseline });
  result.comparisons['assignAddress decision'] = c;
  const guest = summarize(guestUs);
  result.figures['of which guest call (GuestInstance.call), median'] = { value: guest.median, unit: 'µs' };
  result.figures['of which guest call (GuestInstance.call), p99'] = { value: guest.p99, unit: 'µs' };
  result.targets.push(target('decision p50', c.candidate.median, 'µs', 50));
  result.targets.push(target('decision p99', c.candidate.p99, 'µs', 250));
} finally {
  await opened.close();
}
result.finish();
