// Requests dockerd would never send, straight to wasmnet's socket: each
// class gets a clear {"Err"} naming the call and the problem, deletes of
// unknown objects succeed (so dockerd and wasmnet never disagree into a
// zombie), and the daemon keeps serving plain requests and dockerd after.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupE2E, type E2EEnv } from '../helpers/e2e-env';
import { e2eSkipReason } from '../helpers/tiers';
import { assertErr, assertServing, callWasmnet, callWasmnetOversized, createNetwork, hostLink } from './network-helpers';

const NET = 'f'.repeat(64);
const EP = 'e'.repeat(64);

describe('wasmnet socket under bad input', { skip: e2eSkipReason() }, () => {
  let env: E2EEnv;

  before(async () => {
    env = await setupE2E();
  });
  after(async () => {
    await env?.cleanup();
  });

  it('malformed JSON', async () => {
    assertErr(await callWasmnet('NetworkDriver.CreateNetwork', '{"NetworkID": "x",'), /invalid JSON in request body/, 400);
    assertErr(await callWasmnet('IpamDriver.RequestPool', '{"Pool": "10.0.0.0/8"'), /invalid JSON in request body/, 400);
    assertErr(await callWasmnet('NetworkDriver.Join', 'not json at all'), /invalid JSON in request body/, 400);
    assertErr(await callWasmnet('NetworkDriver.CreateEndpoint', '{"__proto__": {"NetworkID": "x"}}'), /"__proto__" is not allowed/, 400);
    await assertServing(env);
  });

  it('wrong types and missing fields', async () => {
    assertErr(await callWasmnet('NetworkDriver.CreateNetwork', { NetworkID: 42 }), /NetworkDriver\.CreateNetwork: body\/NetworkID must be string/);
    assertErr(
      await callWasmnet('NetworkDriver.CreateNetwork', { NetworkID: NET, Options: { 'com.docker.network.generic': { 'com.docker.network.driver.mtu': 1400 } } }),
      /NetworkDriver\.CreateNetwork: .*must be string/,
    );
    assertErr(await callWasmnet('NetworkDriver.CreateNetwork', { NetworkID: NET, IPv4Data: { Pool: '10.0.0.0/24' } }), /IPv4Data must be array/);
    assertErr(await callWasmnet('NetworkDriver.CreateNetwork', { NetworkID: NET, Options: { 'com.docker.network.internal': 'yes' } }), /must be boolean/);
    assertErr(await callWasmnet('NetworkDriver.Join', { NetworkID: NET, EndpointID: EP }), /must have required property 'SandboxKey'/);
    assertErr(await callWasmnet('NetworkDriver.DeleteEndpoint', { NetworkID: NET, EndpointID: '' }), /EndpointID must NOT have fewer than 1 characters/);
    assertErr(await callWasmnet('IpamDriver.RequestPool', { Pool: '10.0.0.0/24', V6: 'no' }), /IpamDriver\.RequestPool: body\/V6 must be boolean/);
    assertErr(await callWasmnet('IpamDriver.RequestAddress', { Address: '10.0.0.2' }), /must have required property 'PoolID'/);
    assertErr(await callWasmnet('IpamDriver.ReleasePool', []), /IpamDriver\.ReleasePool/);
    await assertServing(env);
  });

  it('unknown IDs: lookups fail naming the object, deletes succeed', async () => {
    const pool = 'wasmnet-local/10.250.0.0/24/deadbeef';
    assertErr(await callWasmnet('NetworkDriver.CreateEndpoint', { NetworkID: NET, EndpointID: EP }), /network ffffffffffff is not known to wasmnet/);
    assertErr(await callWasmnet('NetworkDriver.Join', { NetworkID: NET, EndpointID: EP, SandboxKey: '/var/run/docker/netns/x' }), /network ffffffffffff is not known to wasmnet/);
    assertErr(await callWasmnet('NetworkDriver.EndpointOperInfo', { NetworkID: NET, EndpointID: EP }), /is not known to wasmnet/);
    assertErr(await callWasmnet('IpamDriver.RequestAddress', { PoolID: pool }), /unknown address pool "wasmnet-local\/10\.250\.0\.0\/24\/deadbeef"/);
    for (const [method, body] of [
      ['NetworkDriver.DeleteNetwork', { NetworkID: NET }],
      ['NetworkDriver.DeleteEndpoint', { NetworkID: NET, EndpointID: EP }],
      ['NetworkDriver.Leave', { NetworkID: NET, EndpointID: EP }],
      ['NetworkDriver.RevokeExternalConnectivity', { NetworkID: NET, EndpointID: EP }],
      ['IpamDriver.ReleasePool', { PoolID: pool }],
      ['IpamDriver.ReleaseAddress', { PoolID: pool, Address: '10.250.0.2' }],
    ] as const) {
      const res = await callWasmnet(method, body);
      assert.equal(res.status, 200, `${method} of an unknown object: ${res.body}`);
      assert.deepEqual(res.json(), {});
    }
    await assertServing(env);
  });

  it('a huge body', async () => {
    assertErr(await callWasmnetOversized('NetworkDriver.CreateNetwork', 64 * 1024 * 1024), /NetworkDriver\.CreateNetwork: request body exceeds the limit of \d+ bytes/, 413);
    assertErr(await callWasmnetOversized('IpamDriver.RequestPool', 8 * 1024 * 1024), /IpamDriver\.RequestPool: request body exceeds the limit/, 413);
    await assertServing(env);
  });

  it('invalid options and values', async () => {
    const create = (generic: Record<string, string>, extra: object = {}) =>
      callWasmnet('NetworkDriver.CreateNetwork', {
        NetworkID: NET,
        Options: { 'com.docker.network.generic': generic },
        IPv4Data: [{ AddressSpace: 'wasmnet-local', Pool: '10.251.0.0/24', Gateway: '10.251.0.1/24' }],
        ...extra,
      });
    assertErr(await create({ 'com.docker.network.driver.mtu': 'abc' }), /invalid option com\.docker\.network\.driver\.mtu="abc": must be an integer from 68 to 65535/);
    assertErr(await create({ 'com.docker.network.driver.mtu': '70000' }), /com\.docker\.network\.driver\.mtu="70000"/);
    assertErr(await create({ policy: 'no-such-policy' }), /unknown policy "no-such-policy": no no-such-policy\.wasm was loaded \(known: .*default/);
    assertErr(await create({ tenant: 'a b;c' }), /invalid tenant "a b;c"/);
    assertErr(await create({ 'com.docker.network.bridge.name': 'bad name;rm' }), /invalid option com\.docker\.network\.bridge\.name="bad name;rm": a bridge name may only contain letters/);
    assertErr(await create({ 'com.docker.network.bridge.name': 'this-name-is-far-too-long' }), /com\.docker\.network\.bridge\.name="this-name-is-far-too-long": a bridge name is longer than 15 bytes/);
    assertErr(await create({}, { IPv4Data: [{ Pool: '10.251.0.0/33' }] }), /invalid network subnet "10\.251\.0\.0\/33": prefix 33 is out of range/);
    assertErr(await create({}, { IPv4Data: [{ Pool: 'not-a-cidr' }] }), /invalid network subnet "not-a-cidr"/);
    assertErr(await callWasmnet('IpamDriver.RequestPool', { Pool: '10.252.0.0/24', Options: { policy: 'no-such-policy' } }), /unknown policy "no-such-policy"/);
    assertErr(await callWasmnet('IpamDriver.RequestPool', { Pool: '300.0.0.0/24' }), /pool "300\.0\.0\.0\/24" is not a CIDR/);
    assertErr(await callWasmnet('IpamDriver.RequestPool', { Pool: '', SubPool: '10.0.0.0/25' }), /--ip-range 10\.0\.0\.0\/25 needs a --subnet/);
    assertErr(await callWasmnet('IpamDriver.RequestPool', { Pool: '10.253.0.0/24', SubPool: '10.254.0.0/25' }), /sub-pool 10\.254\.0\.0\/25 is not inside pool 10\.253\.0\.0\/24/);
    // Nothing reached the kernel.
    assert.equal(await hostLink(`br-${NET.slice(0, 12)}`), undefined);
    await assertServing(env);
  });

  it('an unknown method', async () => {
    assertErr(await callWasmnet('NetworkDriver.Explode', {}), /unknown plugin method/, 404);
    assertErr(await callWasmnet('VolumeDriver.Create', { Name: 'x' }), /unknown plugin method/, 404);
    await assertServing(env);
  });

  it('dockerd is still served after all of it', async () => {
    const net = `${env.prefix}-after`;
    const c = `${env.prefix}-afterc`;
    try {
      await createNetwork(env, net, ['--subnet', '10.95.0.0/24']);
      await env.runDetached(['--name', c, '--network', net]);
      assert.equal((await env.docker(['exec', c, 'ping', '-c', '1', '-W', '2', '10.95.0.1'], { allowFailure: true })).code, 0);
    } finally {
      await env.docker(['rm', '-f', c], { allowFailure: true });
      await env.docker(['network', 'rm', net], { allowFailure: true });
    }
  });
});
