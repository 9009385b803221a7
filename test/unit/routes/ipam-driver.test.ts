import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, ipamReplies, networkApp } from './helpers';

const POOL = 'local/172.18.0.0/16';

test('every IpamDriver method reaches the driver with its parsed body', async (t) => {
  const cases: Array<[string, string, unknown, unknown]> = [
    ['IpamDriver.GetCapabilities', 'getCapabilities', undefined, {}],
    ['IpamDriver.GetDefaultAddressSpaces', 'getDefaultAddressSpaces', undefined, {}],
    [
      'IpamDriver.RequestPool',
      'requestPool',
      { AddressSpace: 'local', Pool: '172.18.0.0/16', SubPool: '172.18.1.0/24', Options: { 'wasmdriver.tier': 'gold' }, V6: false },
      { AddressSpace: 'local', Pool: '172.18.0.0/16', SubPool: '172.18.1.0/24', Options: { 'wasmdriver.tier': 'gold' }, V6: false },
    ],
    ['IpamDriver.ReleasePool', 'releasePool', { PoolID: POOL }, { PoolID: POOL }],
    [
      'IpamDriver.RequestAddress',
      'requestAddress',
      { PoolID: POOL, Address: '', Options: { RequestAddressType: 'com.docker.network.gateway' } },
      { PoolID: POOL, Address: '', Options: { RequestAddressType: 'com.docker.network.gateway' } },
    ],
    ['IpamDriver.ReleaseAddress', 'releaseAddress', { PoolID: POOL, Address: '172.18.0.2' }, { PoolID: POOL, Address: '172.18.0.2' }],
  ];
  const { app, network, ipam } = await networkApp(t);
  for (const [path, method, body, parsed] of cases) {
    const res = await call(app, path, body);
    assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
    assert.deepEqual(ipam.at(-1), { method, req: parsed }, path);
  }
  assert.equal(ipam.length, cases.length);
  assert.equal(network.length, 0);
});

test('IPAM replies carry what the driver returned', async (t) => {
  const { app } = await networkApp(t);
  assert.deepEqual((await call(app, 'IpamDriver.GetCapabilities')).json(), ipamReplies.getCapabilities);
  assert.deepEqual((await call(app, 'IpamDriver.GetDefaultAddressSpaces')).json(), ipamReplies.getDefaultAddressSpaces);
  assert.deepEqual((await call(app, 'IpamDriver.RequestPool', { AddressSpace: 'local' })).json(), ipamReplies.requestPool);
  assert.deepEqual((await call(app, 'IpamDriver.RequestAddress', { PoolID: POOL })).json(), ipamReplies.requestAddress);
  assert.equal((await call(app, 'IpamDriver.ReleasePool', { PoolID: POOL })).body, '{}');
});

test('RequestPool and RequestAddress fill in Go zero values for absent or null fields', async (t) => {
  const { app, ipam } = await networkApp(t);
  await call(app, 'IpamDriver.RequestPool', { AddressSpace: 'local', Options: null });
  assert.deepEqual(ipam.at(-1)?.req, { AddressSpace: 'local', Pool: '', SubPool: '', Options: {}, V6: false });
  await call(app, 'IpamDriver.RequestAddress', { PoolID: POOL, Options: null });
  assert.deepEqual(ipam.at(-1)?.req, { PoolID: POOL, Address: '', Options: {} });
});
