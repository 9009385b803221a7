import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { WasmdriverError, type ErrorKind } from '../../../host/errors';
import { openStateStore, type StateStore } from '../../../host/state/store';
import type { NewNetwork } from '../../../host/state/networks';
import type { NewEndpoint } from '../../../host/state/endpoints';
import type { NewIpamPool } from '../../../host/state/ipam-pools';
import type { NewVolume } from '../../../host/state/volumes';
import { tempStateDir } from './temp-state-dir';

function freshStore(t: TestContext): StateStore {
  const store = openStateStore(tempStateDir(t), { durability: 'normal' });
  t.after(() => store.close());
  return store;
}

const isError = (kind: ErrorKind, text: string | RegExp) => (err: unknown) =>
  err instanceof WasmdriverError && err.kind === kind && (typeof text === 'string' ? err.message.includes(text) : text.test(err.message));

const network = (id: string, bridgeName = `br-${id}`): NewNetwork => ({
  networkId: id,
  options: { 'com.docker.network.generic': { 'wasmnet.tenant': 'blue' }, 'com.docker.network.enable_ipv6': true },
  ipv4Data: [{ AddressSpace: 'local', Pool: '10.1.0.0/16', Gateway: '10.1.0.1/16' }],
  ipv6Data: [],
  bridgeName,
  policy: 'default',
  tenant: 'blue',
  internal: true,
  mtu: 1450,
});

const endpoint = (networkId: string, endpointId: string, hostIfname: string | null = `veth${endpointId}`): NewEndpoint => ({
  networkId,
  endpointId,
  ipv4Cidr: '10.1.0.5/16',
  ipv6Cidr: null,
  mac: '02:42:0a:01:00:05',
  hostIfname,
  srcName: null,
  dstPrefix: 'eth',
});

const pool = (poolId: string, cidr = '10.1.0.0/16', requestKey = `key-${poolId}`): NewIpamPool => ({
  poolId,
  addressSpace: 'local',
  cidr,
  subPool: '10.1.2.0/24',
  v6: false,
  options: { 'wasmnet.tier': 'gold' },
  policy: 'default',
  tenant: null,
  requestKey,
});

const volume = (name: string, dataPath = `/srv/volumes/${name}`): NewVolume => ({
  name,
  options: { quota: '10M' },
  dataPath,
  policy: 'default',
  tenant: 'blue',
  sizeBytes: 10_000_000,
  uid: 1000,
  gid: 100,
  mode: 0o2770,
});

test('networks round-trip, list, delete, and refuse duplicate ids and bridges', (t) => {
  const store = freshStore(t);
  const saved = store.networks.insert(network('n1'));
  assert.match(saved.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  assert.deepEqual(store.networks.get('n1'), saved);
  assert.deepEqual(store.networks.getByBridge('br-n1'), saved);
  assert.equal(store.networks.get('nope'), undefined);
  assert.throws(() => store.networks.insert(network('n1', 'br-other')), isError('conflict', 'network n1 already exists'));
  assert.throws(() => store.networks.insert(network('n2', 'br-n1')), isError('conflict', 'bridge name "br-n1"'));
  store.networks.insert({ ...network('n3'), tenant: null, internal: false, mtu: null });
  assert.deepEqual(
    store.networks.list().map((n) => [n.networkId, n.internal, n.mtu]),
    [['n1', true, 1450], ['n3', false, null]],
  );
  assert.equal(store.networks.delete('n1'), true);
  assert.equal(store.networks.delete('n1'), false);
});

test('endpoints round-trip, update, belong to an existing network and go with it', (t) => {
  const store = freshStore(t);
  store.networks.insert(network('n1'));
  const saved = store.endpoints.insert(endpoint('n1', 'e1'));
  assert.deepEqual(store.endpoints.get('n1', 'e1'), saved);
  assert.deepEqual(store.endpoints.getByHostIfname('vethe1'), saved);
  const updated = store.endpoints.update('n1', 'e1', { srcName: 'vethc1', ipv6Cidr: 'fd00::5/64' });
  assert.equal(updated.srcName, 'vethc1');
  assert.deepEqual(store.endpoints.get('n1', 'e1'), updated);
  assert.throws(() => store.endpoints.update('n1', 'nope', {}), isError('notFound', 'endpoint nope of network n1'));

  assert.throws(() => store.endpoints.insert(endpoint('n1', 'e1', 'vethz')), isError('conflict', 'endpoint e1 of network n1 already exists'));
  assert.throws(() => store.endpoints.insert(endpoint('n1', 'e2', 'vethe1')), isError('conflict', 'host interface name "vethe1"'));
  assert.throws(() => store.endpoints.insert(endpoint('ghost', 'e3')), isError('notFound', 'network ghost does not exist'));
  // Interfaces not yet named do not collide with each other.
  store.endpoints.insert(endpoint('n1', 'e4', null));
  store.endpoints.insert(endpoint('n1', 'e5', null));
  assert.equal(store.endpoints.listByNetwork('n1').length, 3);

  store.networks.delete('n1');
  assert.deepEqual(store.endpoints.list(), []);
});

test('IPAM pools round-trip, count references and refuse duplicates', (t) => {
  const store = freshStore(t);
  const saved = store.ipamPools.insert(pool('p1'));
  assert.equal(saved.refcount, 1);
  assert.deepEqual(store.ipamPools.get('p1'), saved);
  assert.deepEqual(store.ipamPools.getByRequestKey('key-p1'), saved);
  assert.equal(store.ipamPools.addReferences('p1', 1), 2);
  assert.equal(store.ipamPools.addReferences('p1', -2), 0);
  assert.throws(() => store.ipamPools.addReferences('p1', -1), isError('conflict', 'pool p1'));
  assert.equal(store.ipamPools.get('p1')?.refcount, 0);
  assert.equal(store.ipamPools.addReferences('nope', 1), undefined);

  assert.throws(() => store.ipamPools.insert(pool('p1', '10.2.0.0/16', 'k2')), isError('conflict', 'pool p1 already exists'));
  assert.throws(() => store.ipamPools.insert(pool('p2', '10.1.0.0/16', 'k3')), isError('conflict', 'pool 10.1.0.0/16 is already allocated'));
  assert.throws(() => store.ipamPools.insert(pool('p3', '10.3.0.0/16', 'key-p1')), isError('conflict', 'identical pool request'));
  store.ipamPools.insert({ ...pool('p4', 'fd00::/64', 'k4'), v6: true, subPool: null });
  assert.deepEqual(store.ipamPools.list().map((p) => [p.poolId, p.v6, p.subPool]), [['p1', false, '10.1.2.0/24'], ['p4', true, null]]);
});

test('address allocations are exclusive per pool and go with their pool', (t) => {
  const store = freshStore(t);
  store.ipamPools.insert(pool('p1'));
  store.ipamPools.insert(pool('p2', '10.2.0.0/16'));
  const gw = store.ipamAllocations.insert('p1', '10.1.0.1', 'gateway');
  assert.deepEqual(store.ipamAllocations.get('p1', '10.1.0.1'), gw);
  store.ipamAllocations.insert('p1', '10.1.0.2', 'endpoint');
  store.ipamAllocations.insert('p2', '10.1.0.1', 'aux');
  assert.throws(() => store.ipamAllocations.insert('p1', '10.1.0.1', 'endpoint'), isError('conflict', 'address 10.1.0.1 in pool p1 is already allocated'));
  assert.throws(() => store.ipamAllocations.insert('ghost', '10.1.0.9', 'endpoint'), isError('notFound', 'pool ghost does not exist'));
  assert.throws(() => store.ipamAllocations.insert('p1', '10.1.0.9', 'bogus' as never), isError('invalid', '"bogus"'));
  assert.equal(store.ipamAllocations.countByPool('p1'), 2);
  assert.deepEqual(store.ipamAllocations.listByPool('p1').map((a) => a.address).sort(), ['10.1.0.1', '10.1.0.2']);
  assert.equal(store.ipamAllocations.delete('p1', '10.1.0.2'), true);
  assert.equal(store.ipamAllocations.delete('p1', '10.1.0.2'), false);
  store.ipamPools.delete('p1');
  assert.equal(store.ipamAllocations.countByPool('p1'), 0);
  assert.equal(store.ipamAllocations.countByPool('p2'), 1);
});

test('volumes round-trip and cannot be deleted while mounted', (t) => {
  const store = freshStore(t);
  const saved = store.volumes.insert(volume('data'));
  assert.deepEqual(store.volumes.get('data'), saved);
  assert.throws(() => store.volumes.insert(volume('data', '/elsewhere')), isError('conflict', 'volume "data" already exists'));
  assert.throws(() => store.volumes.insert(volume('other', '/srv/volumes/data')), isError('conflict', 'data path /srv/volumes/data'));
  store.volumes.insert({ ...volume('bare'), sizeBytes: null, uid: null, gid: null, mode: null, tenant: null });
  assert.deepEqual(store.volumes.list().map((v) => v.name), ['bare', 'data']);

  store.volumeMounts.insert('data', 'c1');
  store.volumeMounts.insert('data', 'c2');
  assert.throws(() => store.volumeMounts.insert('data', 'c1'), isError('conflict', 'already mounted for c1'));
  assert.throws(() => store.volumeMounts.insert('ghost', 'c1'), isError('notFound', 'volume "ghost" does not exist'));
  assert.equal(store.volumeMounts.count('data'), 2);
  assert.deepEqual(store.volumeMounts.listByVolume('data').map((m) => m.mountId), ['c1', 'c2']);
  assert.throws(() => store.volumes.delete('data'), isError('conflict', 'still mounted'));
  assert.equal(store.volumeMounts.delete('data', 'c1'), true);
  assert.equal(store.volumeMounts.delete('data', 'c1'), false);
  assert.equal(store.volumeMounts.deleteAllFor('data'), 1);
  assert.equal(store.volumes.delete('data'), true);
  assert.equal(store.volumes.get('data'), undefined);
});
