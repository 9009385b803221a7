// `npm run bench`: runs each benchmark in its own Node process (so memory
// figures and JIT state do not leak between them), then prints one table
// from their JSON results and writes bench-results/summary.{json,md}.
// Usage: scripts/bench/run [name ...] [--n=N] [--warmup=N] [...]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { RESULTS_DIR, REPO_ROOT, fmt, type BenchResult } from './lib/bench';
import { waitForDockerTurn } from './lib/exclusive';

const ALL = ['policy-decision', 'tenants', 'ipam-scale', 'socket-throughput', 'container-network', 'container-volume'];
const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
for (const name of names) if (!ALL.includes(name)) throw new Error(`unknown benchmark "${name}" (known: ${ALL.join(', ')})`);
const selected = names.length > 0 ? names : ALL;

function text(argv: string[]): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  kernel: release(),
  node: process.version,
  dockerd: text(['dockerd', '--version']),
  dockerCli: text(['docker', '--version']),
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
};

/** Newest .ts/.wasm under host/ and guests/, against the bundle the benchmarks run. */
function distIsStale(): boolean {
  const bundle = join(REPO_ROOT, 'dist/wasmdriver.mjs');
  if (!existsSync(bundle)) return true;
  const built = statSync(bundle).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return e.name !== 'node_modules' && newer(p);
      return /\.(ts|wasm)$/.test(e.name) && statSync(p).mtimeMs > built;
    });
  return newer(join(REPO_ROOT, 'host')) || newer(join(REPO_ROOT, 'guests'));
}

// Other runs' e2e tests share dockerd and /run/docker/plugins, and their load
// would skew every figure: wait for them first, and only then rebuild dist/
// (which their running daemons were started from).
if (selected.some((n) => n.startsWith('container-'))) await waitForDockerTurn();
if (distIsStale()) {
  process.stderr.write('== dist/ is older than host/ or guests/: npx tsx scripts/build.ts\n');
  const b = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts/build.ts')], { stdio: 'inherit', cwd: REPO_ROOT });
  if (b.status !== 0) throw new Error('building dist/ failed');
}

const started = Date.now();
const outcome: Record<string, 'ok' | 'failed'> = {};
for (const name of selected) {
  process.stderr.write(`\n### ${name}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(REPO_ROOT, 'scripts/bench', `${name}.ts`), ...flags], { stdio: 'inherit', cwd: REPO_ROOT });
  outcome[name] = r.status === 0 ? 'ok' : 'failed';
}

const results: BenchResult[] = [];
for (const name of selected) {
  const file = join(RESULTS_DIR, `${name}.json`);
  if (outcome[name] !== 'ok' || !existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
  if (Date.parse(r.startedAt) >= started - 1000) results.push(r);
}

const rows: string[][] = [['benchmark', 'measure', 'candidate median / p90 / p99', 'baseline median / p90 / p99', 'ratio (median)']];
const triple = (s: { median: number; p90: number; p99: number }, unit: string) => `${fmt(s.median, unit)} / ${fmt(s.p90, unit)} / ${fmt(s.p99, unit)}`;
for (const r of results) {
  for (const [key, c] of Object.entries(r.comparisons)) {
    rows.push([r.name, `${key}: ${c.candidate.label} vs ${c.baseline.label} (n=${c.candidate.n})`, triple(c.candidate, c.unit), triple(c.baseline, c.unit), fmt(c.ratio.median, 'ratio')]);
  }
  for (const [key, f] of Object.entries(r.figures)) rows.push([r.name, key.trim(), fmt(f.value, f.unit), '', '']);
}
const targets: string[][] = [['benchmark', 'target', 'reached', 'limit', 'met']];
for (const r of results) for (const t of r.targets) targets.push([r.name, t.what, fmt(t.value, t.unit), fmt(t.limit, t.unit), t.met ? 'yes' : 'NO']);
for (const [name, o] of Object.entries(outcome)) if (o === 'failed') targets.push([name, 'benchmark run', 'failed', '', 'NO']);

function markdown(table: string[][]): string {
  const [head, ...body] = table;
  return [`| ${head!.join(' | ')} |`, `|${head!.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
function plain(table: string[][]): string {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  return table.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

const md = [
  `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, kernel ${machine.kernel}, dockerd: ${machine.dockerd}, CLI: ${machine.dockerCli}, Node ${machine.node}; load average at start ${machine.loadAverageAtStart.join(', ')}.`,
  '',
  markdown(rows),
  '',
  markdown(targets),
].join('\n');
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, 'summary.md'), `${md}\n`);
writeFileSync(join(RESULTS_DIR, 'summary.json'), `${JSON.stringify({ machine, outcome, results }, null, 2)}\n`);
process.stdout.write(`\n${plain(rows)}\n\n${plain(targets)}\n\n(written to ${RESULTS_DIR}/summary.md and summary.json)\n`);
process.exitCode = Object.values(outcome).every((o) => o === 'ok') ? 0 : 1;
