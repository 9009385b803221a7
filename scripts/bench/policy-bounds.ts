// Measures what bounds a policy call on this machine, to choose and
// calibrate the runtime's limits (host/policy/README.md records the figures):
//  1. engine operations per millisecond, for a tight loop and for
//     allocation-heavy code, cold (first call) and warm;
//  2. how long native built-ins that run between interrupt checks take
//     before the heap limit stops them;
//  3. per-call cost of an in-thread call and of a worker-thread call with
//     Extism's own timeout, against the decision target (p50 50 us, p99 250 us).
// Usage: npx tsx scripts/bench/policy-bounds.ts [--quick]
import createPlugin, { type Plugin } from '@extism/extism';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { buildPolicy } from '../../guests/compiler/index';
import { DEFAULT_LIMITS } from '../../host/policy/limits';
import { hostFunctions } from '../../host/policy/host-functions';

const root = fileURLToPath(new URL('../..', import.meta.url));
const quick = process.argv.includes('--quick');
const MiB = 1024 * 1024;
// Extism also applies the call timeout to starting the worker, which takes
// longer than a decision budget on a loaded machine.
const WORKER_TIMEOUT_MS = 1000;

const runaway = await WebAssembly.compile((await buildPolicy({ entry: join(root, 'test/fixtures/policies/runaway/policy.ts') })).wasm);
const fallback = await WebAssembly.compile((await buildPolicy({ entry: join(root, 'guests/policies/default/policy.ts') })).wasm);

function plugin(module: WebAssembly.Module, config: Record<string, string>, worker = false): Promise<Plugin> {
  return createPlugin(
    { wasm: [{ module }], config },
    { useWasi: false, runInWorker: worker, functions: { 'extism:host/user': hostFunctions() }, ...(worker ? { timeoutMs: WORKER_TIMEOUT_MS } : {}) },
  );
}

const input = (mode: string, size = 0) => JSON.stringify({ networkId: 'bench', tenant: '', policy: 'runaway', options: { runaway: mode, 'runaway.size': String(size) } });

async function timed(p: Plugin, fn: string, text: string): Promise<{ ms: number; outcome: string }> {
  const started = performance.now();
  let outcome = 'ok';
  try {
    await p.call(fn, text);
  } catch (err) {
    outcome = (err as Error).message.replace(/^Plugin-originated error: /, '').replace(/ \(budget.*$/, '');
  }
  return { ms: performance.now() - started, outcome };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 1);

// 1. Operations per millisecond until the operation budget stops the call.
console.log('## operations per millisecond (max_ops / time to "limit exceeded: operations")');
const OPS = 2_000_000;
for (const mode of ['loop', 'churn', 'churn-objects', 'churn-strings']) {
  const p = await plugin(runaway, { 'wasmdriver.max_ops': String(OPS), 'wasmdriver.max_heap_bytes': String(256 * MiB) });
  const runs: number[] = [];
  let outcome = '';
  for (let i = 0; i < (quick ? 3 : 8); i++) {
    const r = await timed(p, 'bridgeName', input(mode));
    runs.push(r.ms);
    outcome = r.outcome;
  }
  const warm = runs.slice(1).sort((a, b) => a - b);
  console.log(`${mode.padEnd(14)} cold ${fmt(OPS / runs[0]!)} ops/ms (${fmt(runs[0]!)} ms), warm median ${fmt(OPS / pct(warm, 50))} ops/ms, warm slowest ${fmt(OPS / warm[warm.length - 1]!)} ops/ms  [${outcome}]`);
  await p.close();
}

// 2. Native built-ins under a heap limit: the largest input each can get
// before the heap limit stops it, and the time that takes.
console.log('\n## native built-ins under the heap limit, slowest of two calls per input size');
const SIZES: Record<string, number[]> = {
  sort: [30_000, 100_000, 300_000, 1_000_000, 3_000_000],
  stringify: [10_000, 30_000, 100_000, 300_000, 1_000_000],
  repeat: [1_000_000, 4_000_000, 16_000_000, 64_000_000],
  split: [100_000, 300_000, 1_000_000, 3_000_000, 10_000_000],
  join: [300_000, 1_000_000, 3_000_000, 10_000_000],
  regex: [16, 20, 24, 28, 32],
};
const budgetOps = String(DEFAULT_LIMITS.budgetMs * DEFAULT_LIMITS.opsPerMs);
console.log(`(operation budget as in production: ${budgetOps})`);
for (const heapMiB of [3, 4, 8, 16]) {
  for (const [mode, sizes] of Object.entries(SIZES)) {
    const p = await plugin(runaway, { 'wasmdriver.max_ops': budgetOps, 'wasmdriver.max_heap_bytes': String(heapMiB * MiB) });
    const cells: string[] = [];
    for (const size of sizes) {
      let worst = 0;
      let outcome = '';
      for (let i = 0; i < 2; i++) {
        const r = await timed(p, 'bridgeName', input(mode, size));
        worst = Math.max(worst, r.ms);
        outcome = r.outcome === 'ok' ? 'ok' : r.outcome.replace('limit exceeded: ', '');
      }
      cells.push(`${size}: ${fmt(worst)} ms ${outcome}`);
      if (outcome !== 'ok') break;
    }
    console.log(`heap ${String(heapMiB).padStart(2)} MiB ${mode.padEnd(10)} ${cells.join(' | ')}`);
    await p.close();
  }
}

// The smallest heap the default policy's decisions still fit in.
for (const heapMiB of [1, 2, 3, 4]) {
  const p = await plugin(fallback, { 'wasmdriver.max_ops': budgetOps, 'wasmdriver.max_heap_bytes': String(heapMiB * MiB) });
  const r = await timed(p, 'interfaceName', JSON.stringify({ tenant: '', policy: 'default', networkId: 'n', endpointId: 'e'.repeat(64), options: {} }));
  console.log(`default policy, heap ${heapMiB} MiB: interfaceName ${r.outcome}`);
  await p.close();
}

// 3. Per-call cost of a real decision, in-thread and in a worker.
console.log('\n## per-call cost of the default bridgeName decision');
const decision = JSON.stringify({ tenant: '', policy: 'default', networkId: 'f'.repeat(64), options: {} });
for (const worker of [false, true]) {
  const p = await plugin(fallback, { 'wasmdriver.max_ops': String(DEFAULT_LIMITS.budgetMs * DEFAULT_LIMITS.opsPerMs) }, worker);
  const n = quick ? 500 : worker ? 3000 : 20000;
  for (let i = 0; i < 200; i++) await p.call('bridgeName', decision);
  const us: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint();
    await p.call('bridgeName', decision);
    us.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  us.sort((a, b) => a - b);
  console.log(`${worker ? 'worker thread (timeoutMs)' : 'in-thread'.padEnd(25)} n=${n} p50 ${fmt(pct(us, 50))} us, p99 ${fmt(pct(us, 99))} us, max ${fmt(us[us.length - 1]!)} us`);
  await p.close();
}
if (!quick) {
  const started = performance.now();
  const p = await plugin(runaway, { 'wasmdriver.max_ops': String(1e12) }, true);
  const created = performance.now() - started;
  const r = await timed(p, 'bridgeName', input('loop'));
  const after = await timed(p, 'bridgeName', input(''));
  console.log(`worker: create ${fmt(created)} ms; infinite loop stopped by timeoutMs=${WORKER_TIMEOUT_MS} after ${fmt(r.ms)} ms (${r.outcome}); next call ${fmt(after.ms)} ms (${after.outcome})`);
  await p.close();
}
