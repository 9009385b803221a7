// `wasmdriver status` against the real admin API, served from a temp
// socket over a real state store and a stand-in policy runtime.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildAdminApp } from '../../../host/admin/admin-app';
import { DaemonMetrics } from '../../../host/metrics/daemon-metrics';
import { poolFill } from '../../../host/admin/status-report';
import { openStateStore, type StateStore } from '../../../host/state/store';
import type { Services } from '../../../host/daemon/services';
import type { PolicyStatus } from '../../../host/policy/runtime';
import { cli } from './cli';

function post(socketPath: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('wasmdriver status', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-status-cli-'));
  const socket = join(dir, 'admin.sock');
  let store: StateStore;
  let app: FastifyInstance;
  const reloads: string[] = [];
  // strict's file was replaced by one that failed to load: the runtime still serves sha256 ddd...
  const strictFile = join(dir, 'strict.wasm');
  writeFileSync(strictFile, 'a module the reload refused');
  const policies: PolicyStatus[] = [
    { name: 'default', sha256: 'c'.repeat(64), source: '/x/default.wasm', builtin: true, mode: 'enforce', hooks: [], calls: 12, isolated: false },
    { name: 'strict', sha256: 'd'.repeat(64), source: strictFile, builtin: false, mode: 'enforce', hooks: [], calls: 0, isolated: false },
  ];

  before(async () => {
    store = openStateStore(join(dir, 'state'), { durability: 'normal' });
    store.ipamPools.insert({ poolId: 'pool-a', addressSpace: 'LocalDefault', cidr: '10.9.0.0/30', subPool: null, v6: false, options: {}, policy: 'default', tenant: null, requestKey: 'k' });
    store.ipamAllocations.insert('pool-a', '10.9.0.1', 'gateway');
    store.ipamPools.insert({ poolId: 'pool-b', addressSpace: 'LocalDefault', cidr: 'fd00:9::/64', subPool: 'fd00:9::/120', v6: true, options: {}, policy: 'default', tenant: null, requestKey: 'k6' });
    const policy = { status: () => policies, reload: async (reason: string) => void reloads.push(reason) };
    const services = { store, policy } as unknown as Services;
    const sweeper = { sweepNow: async () => ({ released: ['v1/stale-id'], volumesInUse: ['v2'] }), stop: () => {} };
    app = buildAdminApp({ services, metrics: new DaemonMetrics(() => poolFill(store), { processMetrics: false }), sweeper, logger: pino({ level: 'silent' }) });
    await app.listen({ path: socket });
  });
  after(async () => {
    await app?.close();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints tables in docker style', async () => {
    const r = await cli(['status', '--admin-socket', socket]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('POOL ID   CIDR          SUB-POOL       TAKEN   CAPACITY                                 FILL    POLICY    TENANT');
    assert.ok(at >= 0, r.stdout);
    assert.equal(lines[at + 1], 'pool-a    10.9.0.0/30   -              1       2                                        50.0%   default   -');
    // An IPv6 /64 holds 2^64 - 1 addresses exactly; its sub-pool /120 255 of them (the all-zero host part is kept out).
    assert.equal(lines[at + 2], 'pool-b    fd00:9::/64   fd00:9::/120   0       18446744073709551615 (255 in sub-pool)   0.0%    default   -');
    assert.ok(lines.includes('default   cccccccccccc   enforce   12      built-in (/x/default.wasm)'), r.stdout);
    assert.ok(lines.includes(`strict    dddddddddddd   enforce   0       ${strictFile} [previous version serving]`), r.stdout);
    assert.match(r.stdout, /^strict: the loaded version \(sha256 dddddddddddd\) is still serving; .*strict\.wasm now holds sha256 [0-9a-f]{12}, which is not loaded/m);
  });

  it('prints JSON with --json', async () => {
    const r = await cli(['status', '--admin-socket', socket, '--json']);
    const report = JSON.parse(r.stdout) as {
      pools: { poolId: string; taken: number; capacity: string; subPoolCapacity: string | null }[];
      policies: (PolicyStatus & { notLoadedOnDisk?: { sha256: string | null } })[];
    };
    // Capacities are decimal strings: exact, where a JSON number would round 2^64 - 1.
    assert.deepEqual(report.pools.map((p) => [p.poolId, p.taken, p.capacity, p.subPoolCapacity]), [['pool-a', 1, '2', null], ['pool-b', 0, '18446744073709551615', '255']]);
    assert.equal(report.policies[0]!.calls, 12);
    assert.equal(report.policies[0]!.notLoadedOnDisk, undefined);
    assert.match(report.policies[1]!.notLoadedOnDisk?.sha256 ?? '', /^[0-9a-f]{64}$/);
  });

  it('reads the socket from WASMDRIVER_ADMIN_SOCKET', async () => {
    const r = await cli(['status', '--json'], { env: { WASMDRIVER_ADMIN_SOCKET: socket } });
    assert.equal(r.code, 0, r.stderr);
  });

  it('says plainly when no daemon answers', async () => {
    const r = await cli(['status', '--admin-socket', join(dir, 'nothing.sock')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no wasmdriver daemon answers on .*nothing\.sock \(ENOENT\); is `wasmdriver serve` running/);
  });

  it('asks the daemon to release stale volume mounts', async () => {
    const r = await cli(['volumes', 'release-stale', '--admin-socket', socket]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'released v1/stale-id\n');
  });

  it('serves metrics and a reload trigger on the same socket', async () => {
    assert.equal(await post(socket, '/reload'), 200);
    assert.deepEqual(reloads, ['admin']);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    assert.match(metrics.body, /^wasmdriver_pool_addresses_taken\{pool_id="pool-a",cidr="10\.9\.0\.0\/30"\} 1$/m);
  });
});
