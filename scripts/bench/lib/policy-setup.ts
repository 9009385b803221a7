// The policy runtime as the daemon opens it (built-in default policy from
// dist/policies, default limits, decision log at info), and the same
// default policy bundled to run natively in Node for comparison.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import pino from 'pino';
import { createLogger } from '../../../host/logging';
import { builtinPolicyDir } from '../../../host/daemon/services';
import { PolicyRuntime, defaultRuntimeConfig } from '../../../host/policy/runtime';
import type { CallScope, PoolQueries } from '../../../host/policy/call-scope';
import type { DecisionEvent } from '../../../host/policy/observer';
import { AddressIndex } from '../../../host/drivers/ipam/allocator-index';
import { parsePool, type Pool } from '../../../host/drivers/ipam/pool';
import { REPO_ROOT } from './bench';

export interface OpenedRuntime {
  runtime: PolicyRuntime;
  /** The guest-call part (µs) of the most recent decision, as the runtime reports it. */
  lastGuestUs(): number;
  close(): Promise<void>;
}

export async function openBenchRuntime(): Promise<OpenedRuntime> {
  const policyDir = mkdtempSync(join(tmpdir(), 'wasmdriver-bench-policies-'));
  let last = Number.NaN;
  // The daemon logs each decision at info; the lines go nowhere here but are still built and written.
  const logger = createLogger({ level: 'info', pretty: false, destination: pino.destination({ dest: '/dev/null', sync: false }) as unknown as NodeJS.WritableStream });
  const runtime = await PolicyRuntime.open(
    {
      ...defaultRuntimeConfig({ builtinDir: builtinPolicyDir(), policyDir, pins: {} }),
      watch: false,
      observer: { decision: (e: DecisionEvent) => { last = e.durationUs; } },
    },
    logger,
  );
  return {
    runtime,
    lastGuestUs: () => last,
    async close() {
      await runtime.close();
      rmSync(policyDir, { recursive: true, force: true });
    },
  };
}

export type NativeHook = (input: string, scope: CallScope) => string;

/** guests/policies/default bundled for Node with the native SDK stand-in. */
export async function nativeDefaultPolicy(): Promise<Record<string, NativeHook>> {
  const out = await build({
    entryPoints: [join(REPO_ROOT, 'guests/policies/default/policy.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    alias: { 'wasmdriver/sdk': join(REPO_ROOT, 'scripts/bench/lib/native-sdk.ts') },
  });
  const dir = mkdtempSync(join(tmpdir(), 'wasmdriver-bench-native-'));
  try {
    const file = join(dir, 'policy.mjs');
    writeFileSync(file, out.outputFiles[0]!.text);
    return (await import(pathToFileURL(file).href)) as Record<string, NativeHook>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A /16 pool with its gateway and `taken` endpoint addresses held, and the queries a decision gets. */
export function benchPool(cidr = '10.30.0.0/16', taken = 40): { pool: Pool; index: AddressIndex; queries: PoolQueries } {
  const pool = parsePool(cidr);
  const index = new AddressIndex(pool);
  for (let i = 1n; i <= BigInt(taken + 1); i++) index.take(pool.addressAt(i));
  const queries: PoolQueries = { isFree: (a) => index.isFree(a), nextFree: (after) => index.nextFree(after), takenCount: () => index.takenCount() };
  return { pool, index, queries };
}
