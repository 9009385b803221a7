import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, networkApp, networkReplies } from './helpers';

const NET = 'a1b2c3d4e5f6';
const EP = 'e1e2e3e4e5e6';

// A CreateNetwork body as Docker 28 marshals it, gateway in CIDR form.
const createNetworkBody = {
  NetworkID: NET,
  Options: {
    'com.docker.network.enable_ipv4': true,
    'com.docker.network.enable_ipv6': false,
    'com.docker.network.generic': { 'wasmdriver.bridge': 'wd0' },
    'com.docker.network.internal': true,
  },
  IPv4Data: [{ AddressSpace: 'LocalDefault', Pool: '172.18.0.0/16', Gateway: '172.18.0.1/16', AuxAddresses: { r: '172.18.0.9/16' } }],
  IPv6Data: null,
};

test('every NetworkDriver method reaches the driver with its parsed body', async (t) => {
  const cases: Array<[string, string, unknown, unknown]> = [
    ['NetworkDriver.GetCapabilities', 'getCapabilities', undefined, {}],
    ['NetworkDriver.CreateNetwork', 'createNetwork', createNetworkBody, { ...createNetworkBody, IPv6Data: [] }],
    ['NetworkDriver.DeleteNetwork', 'deleteNetwork', { NetworkID: NET }, { NetworkID: NET }],
    [
      'NetworkDriver.CreateEndpoint',
      'createEndpoint',
      { NetworkID: NET, EndpointID: EP, Interface: { Address: '172.18.0.2/16', AddressIPv6: '', MacAddress: '' }, Options: { x: 1 } },
      { NetworkID: NET, EndpointID: EP, Interface: { Address: '172.18.0.2/16', AddressIPv6: '', MacAddress: '' }, Options: { x: 1 } },
    ],
    ['NetworkDriver.EndpointOperInfo', 'endpointOperInfo', { NetworkID: NET, EndpointID: EP }, { NetworkID: NET, EndpointID: EP }],
    ['NetworkDriver.DeleteEndpoint', 'deleteEndpoint', { NetworkID: NET, EndpointID: EP }, { NetworkID: NET, EndpointID: EP }],
    [
      'NetworkDriver.Join',
      'join',
      { NetworkID: NET, EndpointID: EP, SandboxKey: '/var/run/docker/netns/abc', Options: null },
      { NetworkID: NET, EndpointID: EP, SandboxKey: '/var/run/docker/netns/abc', Options: {} },
    ],
    ['NetworkDriver.Leave', 'leave', { NetworkID: NET, EndpointID: EP }, { NetworkID: NET, EndpointID: EP }],
    [
      'NetworkDriver.DiscoverNew',
      'discoverNew',
      { DiscoveryType: 1, DiscoveryData: { Address: '10.0.0.1', self: true } },
      { DiscoveryType: 1, DiscoveryData: { Address: '10.0.0.1', self: true } },
    ],
    ['NetworkDriver.DiscoverDelete', 'discoverDelete', { DiscoveryType: 1 }, { DiscoveryType: 1 }],
    [
      'NetworkDriver.ProgramExternalConnectivity',
      'programExternalConnectivity',
      { NetworkID: NET, EndpointID: EP, Options: { 'com.docker.network.portmap': [] } },
      { NetworkID: NET, EndpointID: EP, Options: { 'com.docker.network.portmap': [] } },
    ],
    [
      'NetworkDriver.RevokeExternalConnectivity',
      'revokeExternalConnectivity',
      { NetworkID: NET, EndpointID: EP },
      { NetworkID: NET, EndpointID: EP },
    ],
    [
      'NetworkDriver.AllocateNetwork',
      'allocateNetwork',
      { NetworkID: NET, Options: { k: 'v' }, IPv4Data: [], IPv6Data: [] },
      { NetworkID: NET, Options: { k: 'v' }, IPv4Data: [], IPv6Data: [] },
    ],
    ['NetworkDriver.FreeNetwork', 'freeNetwork', { NetworkID: NET }, { NetworkID: NET }],
  ];
  const { app, network, ipam } = await networkApp(t);
  for (const [path, method, body, parsed] of cases) {
    const before = network.length;
    const res = await call(app, path, body);
    assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
    assert.equal(network.length, before + 1, `${path} calls the driver once`);
    assert.deepEqual(network.at(-1), { method, req: parsed }, path);
  }
  assert.equal(ipam.length, 0);
});

test('methods with no reply data answer {}', async (t) => {
  const { app } = await networkApp(t);
  const res = await call(app, 'NetworkDriver.DeleteNetwork', { NetworkID: NET });
  assert.equal(res.body, '{}');
});

test('replies carry what the driver returned', async (t) => {
  const { app } = await networkApp(t);
  assert.deepEqual((await call(app, 'NetworkDriver.GetCapabilities')).json(), networkReplies.getCapabilities);
  assert.deepEqual((await call(app, 'NetworkDriver.Join', { NetworkID: NET, EndpointID: EP, SandboxKey: '/n' })).json(), networkReplies.join);
  assert.deepEqual((await call(app, 'NetworkDriver.EndpointOperInfo', { NetworkID: NET, EndpointID: EP })).json(), networkReplies.endpointOperInfo);
  assert.deepEqual((await call(app, 'NetworkDriver.AllocateNetwork', { NetworkID: NET })).json(), networkReplies.allocateNetwork);
});

test('fields missing from a request get the Go zero value (or the documented default)', async (t) => {
  const { app, network } = await networkApp(t);
  await call(app, 'NetworkDriver.CreateNetwork', { NetworkID: NET, IPv4Data: [{ Pool: '10.1.0.0/24' }] });
  assert.deepEqual(network.at(-1)?.req, {
    NetworkID: NET,
    Options: {
      'com.docker.network.generic': {},
      'com.docker.network.enable_ipv4': true,
      'com.docker.network.enable_ipv6': false,
      'com.docker.network.internal': false,
    },
    IPv4Data: [{ AddressSpace: '', Pool: '10.1.0.0/24', AuxAddresses: {} }],
    IPv6Data: [],
  });
  await call(app, 'NetworkDriver.CreateEndpoint', { NetworkID: NET, EndpointID: EP, Interface: null, Options: null });
  assert.deepEqual(network.at(-1)?.req, {
    NetworkID: NET,
    EndpointID: EP,
    Interface: { Address: '', AddressIPv6: '', MacAddress: '' },
    Options: {},
  });
});

test('unknown request fields pass through; unknown reply fields are dropped', async (t) => {
  const { app, network } = await networkApp(t, {
    network: {
      join: async () => ({ InterfaceName: { SrcName: 'v0', DstPrefix: 'eth', DstName: 'eth9' } }) as never,
      createEndpoint: async () => ({ Interface: { MacAddress: '02:42:ac:12:00:02', Extra: 1 } }) as never,
    },
  });
  const join = await call(app, 'NetworkDriver.Join', { NetworkID: NET, EndpointID: EP, SandboxKey: '/n', Future: 'x' });
  assert.deepEqual(join.json(), { InterfaceName: { SrcName: 'v0', DstPrefix: 'eth' } });
  assert.equal((network.at(-1)?.req as Record<string, unknown>).Future, 'x');
  const ep = await call(app, 'NetworkDriver.CreateEndpoint', { NetworkID: NET, EndpointID: EP, Interface: { Address: '172.18.0.2/16' } });
  assert.deepEqual(ep.json(), { Interface: { MacAddress: '02:42:ac:12:00:02' } });
});
