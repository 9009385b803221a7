// `wasmdriver status` against the real admin API, served from a temp
// socket over a real state store and a stand-in policy runtime.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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
  const policies: PolicyStatus[] = [
    { name: 'default', sha256: 'c'.repeat(64), source: '/x/default.wasm', builtin: true, mode: 'enforce', hooks: [], calls: 12, isolated: false },
  ];

  before(async () => {
    store = openStateStore(join(dir, 'state'), { durability: 'normal' });
    store.ipamPools.insert({ poolId: 'pool-a', addressSpace: 'LocalDefault', cidr: '10.9.0.0/30', subPool: null, v6: false, options: {}, policy: 'default', tenant: null, requestKey: 'k' });
    store.ipamAllocations.insert('pool-a', '10.9.0.1', 'gateway');
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
    const at = lines.indexOf('POOL ID   CIDR          SUB-POOL   TAKEN   CAPACITY   FILL    POLICY    TENANT');
    assert.ok(at >= 0, r.stdout);
    assert.equal(lines[at + 1], 'pool-a    10.9.0.0/30   -          1       2          50.0%   default   -');
    assert.ok(lines.includes('default   cccccccccccc   enforce   12      built-in (/x/default.wasm)'), r.stdout);
  });

  it('prints JSON with --json', async () => {
    const r = await cli(['status', '--admin-socket', socket, '--json']);
    const report = JSON.parse(r.stdout) as { pools: { poolId: string; taken: number; capacity: number }[]; policies: PolicyStatus[] };
    assert.deepEqual(report.pools.map((p) => [p.poolId, p.taken, p.capacity]), [['pool-a', 1, 2]]);
    assert.equal(report.policies[0]!.calls, 12);
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
