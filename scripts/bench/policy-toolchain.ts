// Policy toolchain micro-benchmark: per-call latency of an IPAM decision in
// the engine vs the same TypeScript natively in Node (same run), build time,
// module size, and plugin instantiation from a cached WebAssembly.Module.
// Run: npx tsx scripts/bench/policy-toolchain.ts [calls]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import createPlugin from '@extism/extism';
import { buildPolicy } from '../../guests/compiler/index';
import { admit, decide, sampleAdmitInput, sampleInput } from './ipam-decision';

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

const w = percentiles(wasmSamples);
const n = percentiles(nativeSamples);
const z = percentiles(noopSamples);
const i = percentiles(inst);
console.log(`policy-toolchain benchmark (${calls} calls, input ${input.length} bytes)`);
console.log(`  IPAM decision in engine : p50 ${us(w.p50)}  p99 ${us(w.p99)}`);
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
