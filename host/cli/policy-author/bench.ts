// `wasmdriver policy bench`: latency of one decision through the
// production runtime (guest call plus validation), like `kwctl bench`.
import type { HookName } from '../../policy/hook-contract';
import type { DecisionContext } from '../../policy/runtime';
import type { Candidate } from './candidate';

export interface BenchResult {
  iterations: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  callsPerSecond: number;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export async function bench(
  candidate: Candidate,
  call: { hook: HookName; tenant: string; input: Record<string, unknown>; context: () => DecisionContext },
  iterations: number,
  warmup: number,
): Promise<BenchResult> {
  const once = () => candidate.decide(call.hook, call.tenant, call.input, call.context());
  for (let i = 0; i < warmup; i++) await once();
  const samples: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    await once();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  samples.sort((a, b) => a - b);
  return {
    iterations,
    p50Ms: percentile(samples, 50),
    p90Ms: percentile(samples, 90),
    p99Ms: percentile(samples, 99),
    maxMs: samples[samples.length - 1]!,
    meanMs: samples.reduce((s, x) => s + x, 0) / samples.length,
    callsPerSecond: (iterations / totalMs) * 1000,
  };
}
