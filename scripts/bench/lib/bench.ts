// What every benchmark of the suite shares: options, alternating
// candidate/baseline sampling, summaries, and the JSON result file the
// suite's table is printed from.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const RESULTS_DIR = join(REPO_ROOT, 'bench-results');

/** `--name=value` on the command line wins over `BENCH_NAME` in the environment. */
export function option(name: string): string | undefined {
  const flag = `--${name}=`;
  const arg = process.argv.slice(2).find((a) => a.startsWith(flag));
  if (arg !== undefined) return arg.slice(flag.length);
  return process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
}

export function intOption(name: string, fallback: number, min = 1): number {
  const raw = option(name);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

export interface Summary {
  n: number;
  median: number;
  p90: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    median: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
    min: s[0] ?? Number.NaN,
    max: s[s.length - 1] ?? Number.NaN,
  };
}

export interface Comparison {
  unit: string;
  candidate: { label: string } & Summary;
  baseline: { label: string } & Summary;
  /** candidate / baseline at each statistic. */
  ratio: { median: number; p90: number; p99: number };
}

export function compare(unit: string, candidate: { label: string; samples: number[] }, baseline: { label: string; samples: number[] }): Comparison {
  const c = summarize(candidate.samples);
  const b = summarize(baseline.samples);
  return {
    unit,
    candidate: { label: candidate.label, ...c },
    baseline: { label: baseline.label, ...b },
    ratio: { median: c.median / b.median, p90: c.p90 / b.p90, p99: c.p99 / b.p99 },
  };
}

/** A measured value against its target; `met` is undefined when the figure could not be taken. */
export interface Target {
  what: string;
  value: number;
  unit: string;
  limit: number;
  met: boolean;
}

export function target(what: string, value: number, unit: string, limit: number): Target {
  return { what, value, unit, limit, met: Number.isFinite(value) && value <= limit };
}

export interface BenchResult {
  name: string;
  title: string;
  startedAt: string;
  durationS: number;
  params: Record<string, unknown>;
  comparisons: Record<string, Comparison>;
  /** Single figures (rates, memory) that have no baseline of their own. */
  figures: Record<string, { value: number; unit: string }>;
  targets: Target[];
  notes: string[];
}

export function newResult(name: string, title: string, params: Record<string, unknown>): BenchResult & { finish(): string } {
  const started = Date.now();
  const result: BenchResult = { name, title, startedAt: new Date(started).toISOString(), durationS: 0, params, comparisons: {}, figures: {}, targets: [], notes: [] };
  return Object.assign(result, {
    finish(): string {
      result.durationS = Math.round((Date.now() - started) / 100) / 10;
      mkdirSync(RESULTS_DIR, { recursive: true });
      const file = join(RESULTS_DIR, `${name}.json`);
      const { finish: _omit, ...plain } = result as BenchResult & { finish?: unknown };
      writeFileSync(file, `${JSON.stringify(plain, null, 2)}\n`);
      printResult(plain);
      return file;
    },
  });
}

/**
 * Runs `n` rounds of candidate and baseline after `warmup` untimed rounds
 * of each; the order flips every round so neither side always runs on the
 * other's heels. Each side returns its own measurement (so it can leave
 * set-up out of it).
 */
export async function alternate(opts: {
  n: number;
  warmup: number;
  candidate: (round: number) => Promise<number> | number;
  baseline: (round: number) => Promise<number> | number;
  progress?: string;
}): Promise<{ candidate: number[]; baseline: number[] }> {
  const out = { candidate: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < opts.warmup; i++) {
    await opts.candidate(-1);
    await opts.baseline(-1);
  }
  const every = Math.max(1, Math.floor(opts.n / 10));
  for (let round = 0; round < opts.n; round++) {
    if (round % 2 === 0) {
      out.candidate.push(await opts.candidate(round));
      out.baseline.push(await opts.baseline(round));
    } else {
      out.baseline.push(await opts.baseline(round));
      out.candidate.push(await opts.candidate(round));
    }
    if (opts.progress && (round + 1) % every === 0) process.stderr.write(`${opts.progress}: ${round + 1}/${opts.n}\n`);
  }
  return out;
}

export function fmt(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'ratio') return `${value.toFixed(3)}×`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

export function printResult(r: BenchResult): void {
  const lines = [`== ${r.title} (${r.durationS} s)`];
  for (const [key, c] of Object.entries(r.comparisons)) {
    lines.push(`  ${key}: n=${c.candidate.n}`);
    for (const side of [c.candidate, c.baseline]) {
      lines.push(`    ${side.label.padEnd(44)} median ${fmt(side.median, c.unit).padStart(12)}  p90 ${fmt(side.p90, c.unit).padStart(12)}  p99 ${fmt(side.p99, c.unit).padStart(12)}`);
    }
    lines.push(`    ${'ratio'.padEnd(44)} median ${fmt(c.ratio.median, 'ratio').padStart(12)}  p90 ${fmt(c.ratio.p90, 'ratio').padStart(12)}  p99 ${fmt(c.ratio.p99, 'ratio').padStart(12)}`);
  }
  for (const [key, f] of Object.entries(r.figures)) lines.push(`  ${key}: ${fmt(f.value, f.unit)}`);
  for (const t of r.targets) lines.push(`  target ${t.met ? 'MET   ' : 'MISSED'} ${t.what}: ${fmt(t.value, t.unit)} (limit ${fmt(t.limit, t.unit)})`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wall-clock milliseconds of one awaited call. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
