// Every failure answers non-2xx with {"Err": "..."}, and the app keeps serving.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { conflict, denied, invalid, notFound, policyFailure, systemFailure, type WasmdriverError } from '../../../host/errors';
import { call, networkApp, volumeApp } from './helpers';

function assertErr(res: LightMyRequestResponse, status: number, err: string | RegExp): void {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json() as { Err?: unknown };
  assert.deepEqual(Object.keys(body), ['Err'], res.body);
  if (typeof err === 'string') assert.equal(body.Err, err);
  else assert.match(String(body.Err), err);
  assert.doesNotMatch(res.body, /\s+at\s.+:\d+:\d+/, 'no stack trace');
}

async function stillServes(app: FastifyInstance): Promise<void> {
  const res = await call(app, 'Plugin.Activate');
  assert.equal(res.statusCode, 200, `app still serves after the failure: ${res.body}`);
}

async function net(t: TestContext) {
  return (await networkApp(t)).app;
}

test('malformed JSON', async (t) => {
  const app = await net(t);
  const res = await call(app, 'NetworkDriver.CreateNetwork', '{"NetworkID": "n1",');
  assertErr(res, 400, /^invalid JSON in request body: .+/);
  await stillServes(app);
});

test('a __proto__ key is refused', async (t) => {
  const app = await net(t);
  const res = await call(app, 'NetworkDriver.CreateNetwork', '{"NetworkID":"n1","Options":{"__proto__":{"polluted":true}}}');
  assertErr(res, 400, 'invalid JSON in request body: key "__proto__" is not allowed');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  await stillServes(app);
});

test('a wrong type names the method and the field, with no coercion', async (t) => {
  const { app, network, ipam } = await networkApp(t);
  assertErr(await call(app, 'NetworkDriver.CreateNetwork', { NetworkID: 42 }), 500, 'NetworkDriver.CreateNetwork: body/NetworkID must be string');
  assertErr(
    await call(app, 'NetworkDriver.CreateNetwork', { NetworkID: 'n1', Options: { 'com.docker.network.enable_ipv6': 'true' } }),
    500,
    'NetworkDriver.CreateNetwork: body/Options/com.docker.network.enable_ipv6 must be boolean',
  );
  assertErr(
    await call(app, 'NetworkDriver.CreateNetwork', { NetworkID: 'n1', Options: { 'com.docker.network.generic': { mtu: 1500 } } }),
    500,
    'NetworkDriver.CreateNetwork: body/Options/com.docker.network.generic/mtu must be string',
  );
  assertErr(await call(app, 'IpamDriver.RequestPool', { V6: 'yes' }), 500, 'IpamDriver.RequestPool: body/V6 must be boolean');
  assertErr(await call(app, 'NetworkDriver.Leave', [1, 2]), 500, 'NetworkDriver.Leave: body must be object');
  assert.equal(network.length + ipam.length, 0, 'the driver never sees an invalid request');
  await stillServes(app);
});

test('a missing required field is named', async (t) => {
  const app = await net(t);
  assertErr(await call(app, 'NetworkDriver.Join', { NetworkID: 'n1', EndpointID: 'e1' }), 500, "NetworkDriver.Join: body must have required property 'SandboxKey'");
  assertErr(await call(app, 'IpamDriver.ReleasePool', {}), 500, "IpamDriver.ReleasePool: body must have required property 'PoolID'");
  assertErr(await call(app, 'NetworkDriver.DeleteNetwork', { NetworkID: '' }), 500, 'NetworkDriver.DeleteNetwork: body/NetworkID must NOT have fewer than 1 characters');
  await stillServes(app);
});

test('a body over the limit is refused with the limit named', async (t) => {
  const { app, network } = await networkApp(t, { bodyLimit: 1024 });
  const res = await call(app, 'NetworkDriver.CreateNetwork', { NetworkID: 'n1', Options: { pad: 'x'.repeat(2048) } });
  assertErr(res, 413, 'NetworkDriver.CreateNetwork: request body exceeds the limit of 1024 bytes');
  assert.equal(network.length, 0);
  await stillServes(app);
});

test('the default body limit is 1 MiB', async (t) => {
  const app = await net(t);
  const res = await call(app, 'NetworkDriver.DeleteNetwork', { NetworkID: 'n1', pad: 'x'.repeat(1024 * 1024) });
  assertErr(res, 413, 'NetworkDriver.DeleteNetwork: request body exceeds the limit of 1048576 bytes');
  assert.equal((await call(app, 'NetworkDriver.DeleteNetwork', { NetworkID: 'n1', pad: 'x'.repeat(1000 * 1000) })).statusCode, 200);
});

test('an unknown method is a 404 with Err', async (t) => {
  const app = await net(t);
  assertErr(await call(app, 'NetworkDriver.GwAllocCheck', {}), 404, /^unknown plugin method: POST \/NetworkDriver\.GwAllocCheck .*NetworkDriver, IpamDriver, Plugin\.Activate/);
  const get = await app.inject({ method: 'GET', url: '/Plugin.Activate' });
  assertErr(get, 404, /^unknown plugin method: GET \/Plugin\.Activate/);
  await stillServes(app);
});

test('driver errors of every kind reach Docker as their message, with status 500', async (t) => {
  const errors: WasmdriverError[] = [
    invalid('invalid network option "wasmdriver.mtu": "abc" is not a number'),
    notFound('network "n1" not found'),
    conflict('pool 10.0.0.0/24 overlaps network "other"'),
    denied('policy "default" denied network "n1": internal networks are not allowed'),
    policyFailure('policy "default" failed: fuel exhausted'),
    systemFailure('failed to create bridge "wd-n1": operation not permitted'),
  ];
  let next = 0;
  const { app } = await networkApp(t, {
    network: {
      createNetwork: async () => {
        throw errors[next++];
      },
    },
  });
  for (const err of errors) {
    assertErr(await call(app, 'NetworkDriver.CreateNetwork', { NetworkID: 'n1' }), 500, err.message);
  }
  await stillServes(app);
});

test('an unexpected exception is a 500 naming the method, without its stack', async (t) => {
  const { app } = await volumeApp(t, {
    volume: {
      remove: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'name')");
      },
      mount: async () => {
        throw 'a string';
      },
    },
  });
  assertErr(
    await call(app, 'VolumeDriver.Remove', { Name: 'v1' }),
    500,
    "VolumeDriver.Remove: internal error: Cannot read properties of undefined (reading 'name')",
  );
  assertErr(await call(app, 'VolumeDriver.Mount', { Name: 'v1', ID: 'm' }), 500, 'VolumeDriver.Mount: internal error: a string');
  await stillServes(app);
});

test('a reply that breaks the response schema is a 500, not a half-answer', async (t) => {
  const { app } = await networkApp(t, { ipam: { requestPool: async () => ({ Pool: '10.0.0.0/24' }) as never } });
  assertErr(await call(app, 'IpamDriver.RequestPool', {}), 500, /^IpamDriver\.RequestPool: the driver returned an invalid response: .*PoolID/);
  await stillServes(app);
});
