// The status report read from a real state store, and its table rendering.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore, type StateStore } from '../../../host/state/store';
import { statusReport } from '../../../host/admin/status-report';
import { renderStatus } from '../../../host/cli/status-command';
import { renderTable } from '../../../host/cli/table';
import type { PolicyStatus } from '../../../host/policy/runtime';

function populatedStore(t: TestContext): StateStore {
  const dir = mkdtempSync(join(tmpdir(), 'wd-status-'));
  const store = openStateStore(dir, { durability: 'normal' });
  t.after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const netId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
  store.networks.insert({
    networkId: netId,
    options: {},
    ipv4Data: [{ AddressSpace: 'LocalDefault', Pool: '10.88.5.0/24', Gateway: '10.88.5.254/24' }],
    ipv6Data: [],
    bridgeName: 'br-a1b2c3d4e5f6',
    policy: 'my-ipam',
    tenant: 'team-a',
    internal: false,
    mtu: null,
  });
  store.endpoints.insert({
    networkId: netId,
    endpointId: 'e0e1e2e3e4e5e6e7e8e9',
    ipv4Cidr: '10.88.5.10/24',
    ipv6Cidr: null,
    mac: null,
    hostIfname: 'vethe0e1e2e',
    srcName: 'veth3e4e5e6',
    dstPrefix: 'eth',
  });
  store.ipamPools.insert({ poolId: 'pool-1', addressSpace: 'LocalDefault', cidr: '10.88.5.0/24', subPool: null, v6: false, options: {}, policy: 'my-ipam', tenant: 'team-a', requestKey: 'k1' });
  store.ipamAllocations.insert('pool-1', '10.88.5.254', 'gateway');
  store.ipamAllocations.insert('pool-1', '10.88.5.10', 'endpoint');
  store.volumes.insert({ name: 'data1', options: {}, dataPath: '/srv/v/data1', policy: 'default', tenant: null, sizeBytes: 10 * 1024 * 1024, uid: null, gid: null, mode: null });
  store.volumeMounts.insert('data1', 'm1');
  store.volumeMounts.insert('data1', 'm2');
  return store;
}

const policies: PolicyStatus[] = [
  { name: 'default', sha256: 'f'.repeat(64), source: '/opt/wasmdriver/dist/policies/default.wasm', builtin: true, mode: 'enforce', hooks: ['selectPool'], calls: 3, isolated: false },
  { name: 'my-ipam', sha256: '0123456789abcdef'.repeat(4), source: '/etc/wasmdriver/policies/my-ipam.wasm', builtin: false, mode: 'monitor', hooks: ['selectPool', 'assignAddress'], calls: 7, isolated: true },
];

test('the report holds networks, endpoints with interfaces, pool fill, volume mounts and policies', (t) => {
  const report = statusReport(populatedStore(t), policies);
  assert.equal(report.networks.length, 1);
  assert.deepEqual(report.networks[0]!.subnets, ['10.88.5.0/24']);
  assert.deepEqual(report.networks[0]!.gateways, ['10.88.5.254/24']);
  assert.equal(report.networks[0]!.endpoints, 1);
  assert.deepEqual(
    { address: report.endpoints[0]!.address, host: report.endpoints[0]!.hostInterface, container: report.endpoints[0]!.containerInterface },
    { address: '10.88.5.10/24', host: 'vethe0e1e2e', container: 'veth3e4e5e6' },
  );
  assert.deepEqual({ taken: report.pools[0]!.taken, capacity: report.pools[0]!.capacity }, { taken: 2, capacity: 254 });
  assert.equal(report.volumes[0]!.mounts, 2);
  assert.equal(report.policies[1]!.calls, 7);
});

test('renders in docker table style, IDs and digests shortened unless asked not to', (t) => {
  const text = renderStatus(statusReport(populatedStore(t), policies), true);
  const lines = text.split('\n');
  assert.equal(lines[0], 'NETWORK ID     BRIDGE            SUBNETS        GATEWAYS         ENDPOINTS   POLICY    TENANT');
  assert.equal(lines[1], 'a1b2c3d4e5f6   br-a1b2c3d4e5f6   10.88.5.0/24   10.88.5.254/24   1           my-ipam   team-a');
  assert.match(text, /^e0e1e2e3e4e5 {3}a1b2c3d4e5f6 {3}10\.88\.5\.10\/24 {3}- {14}vethe0e1e2e {6}veth3e4e5e6$/m);
  assert.match(text, /^pool-1 {4}10\.88\.5\.0\/24 {3}- {10}2 {7}254 {8}0\.8% {3}my-ipam {3}team-a$/m);
  assert.match(text, /^data1 {9}2 {15}10MiB {3}default {3}-$/m);
  assert.match(text, /^my-ipam {3}0123456789ab {3}monitor, isolated {3}7 {7}\/etc\/wasmdriver\/policies\/my-ipam\.wasm$/m);
  const full = renderStatus(statusReport(populatedStore(t), policies), false);
  assert.match(full, new RegExp(`my-ipam {3}${'0123456789abcdef'.repeat(4)} {3}monitor, isolated`));
});

test('table columns are padded to the widest cell, three spaces apart, no trailing blanks', () => {
  assert.equal(renderTable(['A', 'LONG HEADER'], [['wide cell', 'x'], ['y', '']]), 'A           LONG HEADER\nwide cell   x\ny\n');
});
