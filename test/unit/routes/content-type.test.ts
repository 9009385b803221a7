// Docker sends application/vnd.docker.plugins.v1.2+json; older engines and
// hand-written clients send other JSON types, none at all, or no body.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, networkApp, volumeApp } from './helpers';

test('any JSON content type is accepted', async (t) => {
  const { app, network } = await networkApp(t);
  const types = [
    'application/vnd.docker.plugins.v1.2+json',
    'application/vnd.docker.plugins.v1.1+json',
    'application/vnd.docker.plugins.v1+json',
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/merge-patch+json',
  ];
  for (const type of types) {
    const res = await call(app, 'NetworkDriver.DeleteNetwork', { NetworkID: type }, { 'content-type': type });
    assert.equal(res.statusCode, 200, `${type}: ${res.body}`);
    assert.deepEqual(network.at(-1)?.req, { NetworkID: type });
  }
});

test('a body without a content type is read as JSON', async (t) => {
  const { app, network } = await networkApp(t);
  const res = await app.inject({ method: 'POST', url: '/NetworkDriver.DeleteNetwork', payload: Buffer.from('{"NetworkID":"n1"}') });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(network.at(-1)?.req, { NetworkID: 'n1' });
});

test('calls Docker makes without a body work with no body, an empty body or null', async (t) => {
  const { app: net, network, ipam } = await networkApp(t);
  const { app: vol, volume } = await volumeApp(t);
  const bodyless = [
    [net, 'NetworkDriver.GetCapabilities'],
    [net, 'IpamDriver.GetCapabilities'],
    [net, 'IpamDriver.GetDefaultAddressSpaces'],
    [vol, 'VolumeDriver.List'],
    [vol, 'VolumeDriver.Capabilities'],
  ] as const;
  for (const [app, method] of bodyless) {
    for (const body of [undefined, '', '   ', 'null', '{}']) {
      const res = await call(app, method, body);
      assert.equal(res.statusCode, 200, `${method} with body ${JSON.stringify(body)}: ${res.body}`);
    }
  }
  for (const c of [...network, ...ipam, ...volume]) assert.deepEqual(c.req, {});
});

test('an empty body where fields are required names the first missing one', async (t) => {
  const { app } = await networkApp(t);
  const res = await call(app, 'NetworkDriver.CreateNetwork');
  assert.equal(res.statusCode, 500);
  assert.deepEqual(res.json(), { Err: "NetworkDriver.CreateNetwork: body must have required property 'NetworkID'" });
});
