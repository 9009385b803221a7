// Policy toolchain micro-benchmark: per-call latency of IPAM decisions in
// the engine vs the same TypeScript natively in Node (same run), build time,
// module size, and plugin instantiation from a cached WebAssembly.Module.
// Two IPAM decisions: the one the daemon makes for every container (the
// default policy's assignAddress: ~250 B of input, the pool asked through a
// host function) and a heavier one that receives the whole allocation table
// in its input, which is what host functions let policies avoid.
// Run: npx tsx scripts/bench/policy-toolchain.ts [calls]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import createPlugin from '@extism/extism';
import { buildPolicy } from '../../guests/compiler/index';
import { admit, decide, sampleAdmitInput, sampleInput } from './ipam-decision';
import { benchPool, nativeDefaultPolicy } from './lib/policy-setup';
import { hostFunctions } from '../../host/policy/host-functions';

const calls = Number(process.argv[2] ?? 20000);
const here = path.dirname(fileURLToPath(import.meta.url));

function percentiles(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length * 0.5)]!, p99: s[Math.floor(s.length * 0.99)]! };
}
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

const dir = mkdtempSync(path.join(tmpdir(), 'wd-bench-'));
const entry = path.join(dir, 'policy.ts');
writeFileSync(
  entry,
  `import { admit, decide } from ${JSON.stringify(path.join(here, 'ipam-decision'))};\n` +
    `export function allocate() { Host.outputString(decide(Host.inputString())); return 0; }\n` +
    `export function admission() { Host.outputString(admit(Host.inputString())); return 0; }\n` +
    `export function noop() { return 0; }\n`,
);

const builds: number[] = [];
let built = await buildPolicy({ entry });
for (let i = 0; i < 3; i++) {
  built = await buildPolicy({ entry });
  builds.push(built.buildMs);
}
const module = await WebAssembly.compile(built.wasm);

const inst: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  const p = await createPlugin({ wasm: [{ module }] }, { useWasi: false, runInWorker: false });
  inst.push(performance.now() - t);
  await p.close();
}

const plugin = await createPlugin({ wasm: [{ module }] }, { useWasi: false, runInWorker: false });
const input = sampleInput();
const expected = decide(input);
const got = (await plugin.call('allocate', input))?.text();
if (got !== expected) throw new Error(`policy and native disagree: ${got} vs ${expected}`);

async function timeCalls(fn: string, n: number, arg = input): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await plugin.call(fn, arg);
    out.push(performance.now() - t);
  }
  return out;
}
function timeNative(f: (s: string) => string, arg: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < calls + 2000; i++) {
    const t = performance.now();
    f(arg);
    if (i >= 2000) out.push(performance.now() - t);
  }
  return out;
}
await timeCalls('allocate', 2000); // warm-up: let V8 tier up the engine
await timeCalls('admission', 2000, sampleAdmitInput);
const wasmSamples = await timeCalls('allocate', calls);
const admitSamples = await timeCalls('admission', calls, sampleAdmitInput);
const noopSamples = await timeCalls('noop', calls);
const nativeSamples = timeNative(decide, input);
const nativeAdmit = timeNative(admit, sampleAdmitInput);

// The daemon's own decision: default policy, pool asked through the host.
const defaultBuilt = await buildPolicy({ entry: path.join(here, '../../guests/policies/default/policy.ts') });
const daemonPlugin = await createPlugin({ wasm: [{ data: defaultBuilt.wasm }] }, { useWasi: false, functions: { 'extism:host/user': hostFunctions() } });
const { pool, queries } = benchPool();
const scope = { pool: queries };
const assignInput = JSON.stringify({ tenant: '', policy: 'default', poolId: 'wasmnet-local/10.30.0.0/16/0123abcd', pool: pool.cidr, subPool: '', kind: 'endpoint', requestedAddress: '', macAddress: '', options: {} });
const nativeAssign = (await nativeDefaultPolicy()).assignAddress!;
if ((await daemonPlugin.call('assignAddress', assignInput, scope))?.text() !== nativeAssign(assignInput, scope)) throw new Error('default policy: engine and native disagree');
const daemonSamples: number[] = [];
for (let k = 0; k < calls + 2000; k++) {
  const t = performance.now();
  await daemonPlugin.call('assignAddress', assignInput, scope);
  if (k >= 2000) daemonSamples.push(performance.now() - t);
}
const nativeDaemon = timeNative((s) => nativeAssign(s, scope), assignInput);
const d = percentiles(daemonSamples);
const nd = percentiles(nativeDaemon);
await daemonPlugin.close();

const w = percentiles(wasmSamples);
const n = percentiles(nativeSamples);
const z = percentiles(noopSamples);
const i = percentiles(inst);
console.log(`policy-toolchain benchmark (${calls} calls, input ${input.length} bytes)`);
console.log(`  daemon IPAM decision (default assignAddress, host function, ${assignInput.length} B) in engine: p50 ${us(d.p50)}  p99 ${us(d.p99)}`);
console.log(`  same TS natively in Node: p50 ${us(nd.p50)}  p99 ${us(nd.p99)}  (engine/native p50 ${(d.p50 / nd.p50).toFixed(1)}x)`);
console.log(`  table-in-input IPAM decision in engine: p50 ${us(w.p50)}  p99 ${us(w.p99)}`);
console.log(`  same TS natively in Node: p50 ${us(n.p50)}  p99 ${us(n.p99)}  (engine/native p50 ${(w.p50 / n.p50).toFixed(1)}x)`);
const a = percentiles(admitSamples);
const na = percentiles(nativeAdmit);
console.log(`  small admission in engine (${sampleAdmitInput.length} B): p50 ${us(a.p50)}  p99 ${us(a.p99)}`);
console.log(`  same TS natively in Node: p50 ${us(na.p50)}  p99 ${us(na.p99)}`);
console.log(`  empty export (floor)    : p50 ${us(z.p50)}  p99 ${us(z.p99)}`);
console.log(`  build time              : ${builds.map((b) => b.toFixed(0)).join(', ')} ms`);
console.log(`  module size             : ${built.wasm.length} bytes`);
console.log(`  instantiate (cached Module): p50 ${i.p50.toFixed(2)} ms  p99 ${i.p99.toFixed(2)} ms`);
await plugin.close();
