// Soak of the policy runtime: many decisions through PolicyRuntime.decide
// (shipped policies, several tenants, every kind of hook, decision log on),
// checking that none fails and that RSS stays flat after warm-up.
// Usage: npx tsx scripts/bench/policy-soak.ts [decisions=1000000]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildPolicy } from '../../guests/compiler/index';
import { AddressIndex } from '../../host/drivers/ipam/allocator-index';
import { parsePool } from '../../host/drivers/ipam/pool';
import { createLogger } from '../../host/logging';
import { PolicyRuntime, defaultRuntimeConfig } from '../../host/policy/runtime';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface SoakResult {
  decisions: number;
  seconds: number;
  p50Us: number;
  p99Us: number;
  /**
   * RSS is sampled every 10,000 decisions. Baseline: median of the first 10
   * samples after warm-up; end: median of the last 10; max: the highest
   * sample after warm-up (bytes). Medians, because the collector makes
   * single samples swing by several percent either way.
   */
  rssBaseline: number;
  rssMax: number;
  rssEnd: number;
  /** (rssEnd - rssBaseline) / rssBaseline: the trend a leak would show. */
  rssGrowth: number;
  /** (rssMax - rssBaseline) / rssBaseline: the largest swing. */
  rssPeak: number;
  logLines: number;
}

export async function runSoak(decisions: number, progress?: (done: number, rss: number) => void): Promise<SoakResult> {
  const dir = mkdtempSync(join(tmpdir(), 'wasmdriver-soak-'));
  const builtinDir = join(dir, 'builtin');
  const policyDir = join(dir, 'policies');
  mkdirSync(builtinDir);
  mkdirSync(policyDir);
  writeFileSync(join(builtinDir, 'default.wasm'), (await buildPolicy({ entry: join(root, 'guests/policies/default/policy.ts') })).wasm);
  for (const name of ['hashed-names', 'tenant-subpools']) {
    writeFileSync(join(policyDir, `${name}.wasm`), (await buildPolicy({ entry: join(root, 'guests/policies', name, 'policy.ts') })).wasm);
  }
  let logLines = 0;
  // The decision log is part of the cost; its lines are counted, not kept.
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines += String(chunk).split('\n').length - 1;
      done();
    },
  });
  const runtime = await PolicyRuntime.open(
    { ...defaultRuntimeConfig({ builtinDir, policyDir, pins: {} }), watch: false },
    createLogger({ level: 'info', pretty: false, destination: sink }),
  );
  const pool = parsePool('10.60.0.0/16');
  const index = new AddressIndex(pool);
  const poolCtx = { scope: { pool: index }, check: { pool, poolQueries: index } };
  const held: string[] = [];

  const warmup = Math.max(10_000, Math.floor(decisions / 10));
  const samples: number[] = [];
  const rss: number[] = [];
  const started = performance.now();
  try {
    for (let i = 0; i < decisions; i++) {
      const tenant = `t${i % 8}`;
      const id = (i * 2654435761 >>> 0).toString(16).padStart(64, '0');
      const sample = i % 100 === 0;
      const t0 = sample ? process.hrtime.bigint() : 0n;
      switch (i % 6) {
        case 0:
          await runtime.decide('bridgeName', runtime.choose({ policy: 'hashed-names', tenant }), { networkId: id, options: {} });
          break;
        case 1:
          await runtime.decide('interfaceName', runtime.choose({ policy: 'hashed-names', tenant }), { networkId: id, endpointId: id, options: {} });
          break;
        case 2: {
          const { address } = await runtime.decide('assignAddress', runtime.choose({ policy: 'tenant-subpools', tenant }), {
            poolId: 'soak', pool: pool.cidr, subPool: '', kind: 'endpoint', requestedAddress: '', macAddress: '', options: {},
          }, poolCtx);
          index.take(address);
          held.push(address);
          // Keep the pool from filling: release the oldest once 64 are held.
          if (held.length > 64) index.release(held.shift()!);
          break;
        }
        case 3:
          await runtime.decide('volumePath', runtime.choose({ tenant }), { name: `vol-${i}`, options: {} });
          break;
        case 4:
          await runtime.decide('admitNetwork', runtime.choose({ tenant }), { networkId: id, options: {}, internal: false, ipv4Pools: [], ipv6Pools: [] });
          break;
        default:
          await runtime.decide('selectPool', runtime.choose({ policy: 'tenant-subpools', tenant }), {
            addressSpace: 'wasmnet-local', v6: false, requestedPool: '', requestedSubPool: '', options: {}, defaultPools: ['10.200.0.0/16', '10.201.0.0/16'],
          });
      }
      if (sample) samples.push(Number(process.hrtime.bigint() - t0) / 1000);
      if ((i + 1) % 10_000 === 0) {
        const now = process.memoryUsage().rss;
        if (i + 1 >= warmup) rss.push(now);
        progress?.(i + 1, now);
      }
    }
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  if (rss.length === 0) rss.push(process.memoryUsage().rss);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rssBaseline = median(rss.slice(0, 10));
  const rssEnd = median(rss.slice(-10));
  const rssMax = Math.max(...rss);
  return {
    decisions,
    seconds,
    p50Us: samples[Math.floor(samples.length / 2)]!,
    p99Us: samples[Math.floor(samples.length * 0.99)]!,
    rssBaseline,
    rssMax,
    rssEnd,
    rssGrowth: (rssEnd - rssBaseline) / rssBaseline,
    rssPeak: (rssMax - rssBaseline) / rssBaseline,
    logLines,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const decisions = Number(process.argv[2] ?? 1_000_000);
  const MiB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const result = await runSoak(decisions, (done, rss) => {
    if (done % 100_000 === 0) process.stderr.write(`soak: ${done} decisions, rss ${MiB(rss)}\n`);
  });
  console.log(
    `soak: ${result.decisions} decisions in ${result.seconds.toFixed(1)} s (${((result.seconds * 1e6) / result.decisions).toFixed(1)} us each), ` +
      `p50 ${result.p50Us.toFixed(1)} us, p99 ${result.p99Us.toFixed(1)} us; rss after warm-up ${MiB(result.rssBaseline)}, ` +
      `end ${MiB(result.rssEnd)} (${pct(result.rssGrowth)}), highest sample ${MiB(result.rssMax)} (${pct(result.rssPeak)}); ${result.logLines} log lines`,
  );
  if (Math.abs(result.rssGrowth) > 0.1) {
    console.error('soak: RSS moved more than 10% after warm-up');
    process.exitCode = 1;
  }
}
