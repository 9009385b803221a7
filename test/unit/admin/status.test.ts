// The status report read from a real state store, and its table rendering.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore, type StateStore } from '../../../host/state/store';
import { statusReport, withDiskState } from '../../../host/admin/status-report';
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
    { address: report.endpoints[0]!.address, host: report.endpoints[0]!.hostInterface, container: report.endpoints[0]!.containerInterfacePrefix },
    { address: '10.88.5.10/24', host: 'vethe0e1e2e', container: 'eth' },
  );
  assert.deepEqual(
    { taken: report.pools[0]!.taken, capacity: report.pools[0]!.capacity, sub: report.pools[0]!.subPoolCapacity },
    { taken: 2, capacity: '254', sub: null },
  );
  assert.equal(report.volumes[0]!.mounts, 2);
  assert.equal(report.policies[1]!.calls, 7);
});

test('renders in docker table style, IDs and digests shortened unless asked not to', (t) => {
  const text = renderStatus(statusReport(populatedStore(t), policies), true);
  const lines = text.split('\n');
  assert.equal(lines[0], 'NETWORK ID     BRIDGE            SUBNETS        GATEWAYS         ENDPOINTS   POLICY    TENANT');
  assert.equal(lines[1], 'a1b2c3d4e5f6   br-a1b2c3d4e5f6   10.88.5.0/24   10.88.5.254/24   1           my-ipam   team-a');
  // The container sees dockerd's DstPrefix plus a number, not the temporary veth name (veth3e4e5e6).
  assert.match(text, /^e0e1e2e3e4e5 {3}a1b2c3d4e5f6 {3}10\.88\.5\.10\/24 {3}- {14}vethe0e1e2e {6}eth\*$/m);
  assert.doesNotMatch(text, /veth3e4e5e6/);
  assert.match(text, /^pool-1 {4}10\.88\.5\.0\/24 {3}- {10}2 {7}254 {8}0\.8% {3}my-ipam {3}team-a$/m);
  assert.match(text, /^data1 {9}2 {15}10MiB {3}default {3}-$/m);
  assert.match(text, /^my-ipam {3}0123456789ab {3}monitor, isolated {3}7 {7}\/etc\/wasmdriver\/policies\/my-ipam\.wasm$/m);
  const full = renderStatus(statusReport(populatedStore(t), policies), false);
  assert.match(full, new RegExp(`my-ipam {3}${'0123456789abcdef'.repeat(4)} {3}monitor, isolated`));
});

test('table columns are padded to the widest cell, three spaces apart, no trailing blanks', () => {
  assert.equal(renderTable(['A', 'LONG HEADER'], [['wide cell', 'x'], ['y', '']]), 'A           LONG HEADER\nwide cell   x\ny\n');
});

test('pool capacities are exact integers, an IPv6 /64 included, and a sub-pool shows its own', (t) => {
  const store = populatedStore(t);
  store.ipamPools.insert({ poolId: 'pool-6', addressSpace: 'LocalDefault', cidr: 'fd00:1::/64', subPool: null, v6: true, options: {}, policy: 'default', tenant: null, requestKey: 'k6' });
  store.ipamAllocations.insert('pool-6', 'fd00:1::1', 'gateway');
  store.ipamPools.insert({ poolId: 'pool-s', addressSpace: 'LocalDefault', cidr: '10.85.0.0/24', subPool: '10.85.0.128/25', v6: false, options: {}, policy: 'default', tenant: null, requestKey: 'ks' });
  store.ipamPools.insert({ poolId: 'pool-w', addressSpace: 'LocalDefault', cidr: 'fd00:2::/48', subPool: 'fd00:2:0:7::/64', v6: true, options: {}, policy: 'default', tenant: null, requestKey: 'kw' });
  const report = statusReport(store, policies);
  const pool = (id: string) => report.pools.find((p) => p.poolId === id)!;
  // 2^64 - 1 (the all-zero host part is kept out), not the float 18446744073709552000.
  assert.equal(pool('pool-6').capacity, '18446744073709551615');
  assert.equal(JSON.parse(JSON.stringify(report)).pools.find((p: { poolId: string }) => p.poolId === 'pool-6').capacity, '18446744073709551615');
  // .128-.255 less the pool's broadcast address.
  assert.deepEqual([pool('pool-s').capacity, pool('pool-s').subPoolCapacity], ['254', '127']);
  assert.deepEqual([pool('pool-w').capacity, pool('pool-w').subPoolCapacity], [((1n << 80n) - 1n).toString(), (1n << 64n).toString()]);
  const text = renderStatus(report, true);
  assert.match(text, /^pool-6 +fd00:1::\/64 +- +1 +18446744073709551615 +0\.0% +default +-$/m);
  assert.match(text, /^pool-s +10\.85\.0\.0\/24 +10\.85\.0\.128\/25 +0 +254 \(127 in sub-pool\) +0\.0% +default +-$/m);
});

test('a policy whose file on disk is not the loaded version is marked: the previous version is still serving', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-status-disk-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'my-ipam.wasm');
  writeFileSync(file, 'version 2, refused at reload');
  const loaded = { ...policies[1]!, source: file };
  const gone = { ...policies[1]!, name: 'gone', source: join(dir, 'gone.wasm') };
  const current = { ...policies[1]!, name: 'current', source: join(dir, 'current.wasm') };
  writeFileSync(current.source, 'same');
  current.sha256 = createHash('sha256').update('same').digest('hex');
  const reports = await withDiskState([policies[0]!, loaded, gone, current]);
  assert.equal(reports[0]!.notLoadedOnDisk, undefined, 'built-in policies are not compared');
  assert.deepEqual(reports[1]!.notLoadedOnDisk, { sha256: createHash('sha256').update('version 2, refused at reload').digest('hex') });
  assert.deepEqual(reports[2]!.notLoadedOnDisk, { sha256: null });
  assert.equal(reports[3]!.notLoadedOnDisk, undefined);

  const store = openStateStore(join(dir, 'state'), { durability: 'normal' });
  t.after(() => store.close());
  const text = renderStatus(statusReport(store, reports), true);
  assert.match(text, new RegExp(`^my-ipam {3}0123456789ab {3}monitor, isolated {3}7 {7}${file} \\[previous version serving\\]$`, 'm'));
  assert.match(text, new RegExp(`^my-ipam: the loaded version \\(sha256 0123456789ab\\) is still serving; ${file} now holds sha256 [0-9a-f]{12}, which is not loaded \\(a reload failed, or has not run yet: see the daemon log\\)$`, 'm'));
  assert.match(text, /^gone: the loaded version .* is gone/m);
  assert.doesNotMatch(text, /^current:/m);
});
