import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, networkApp, volumeApp } from './helpers';

test('network socket activates as NetworkDriver and IpamDriver', async (t) => {
  const { app } = await networkApp(t);
  const res = await call(app, 'Plugin.Activate');
  assert.equal(res.statusCode, 200);
  assert.equal(res.body, '{"Implements":["NetworkDriver","IpamDriver"]}');
});

test('volume socket activates as VolumeDriver', async (t) => {
  const { app } = await volumeApp(t);
  const res = await call(app, 'Plugin.Activate');
  assert.equal(res.statusCode, 200);
  assert.equal(res.body, '{"Implements":["VolumeDriver"]}');
});

test('Activate accepts an empty JSON body and a null body too', async (t) => {
  const { app } = await volumeApp(t);
  for (const body of ['', '{}', 'null']) {
    const res = await call(app, 'Plugin.Activate', body);
    assert.equal(res.statusCode, 200, `body ${JSON.stringify(body)}: ${res.body}`);
    assert.deepEqual(res.json(), { Implements: ['VolumeDriver'] });
  }
});

test('each socket serves only its own interfaces', async (t) => {
  const { app: net } = await networkApp(t);
  const { app: vol } = await volumeApp(t);
  assert.equal((await call(net, 'VolumeDriver.List', {})).statusCode, 404);
  assert.equal((await call(vol, 'NetworkDriver.GetCapabilities')).statusCode, 404);
  assert.equal((await call(vol, 'IpamDriver.GetCapabilities')).statusCode, 404);
});
