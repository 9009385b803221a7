import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, volumeApp, volumeReplies } from './helpers';

test('every VolumeDriver method reaches the driver with its parsed body', async (t) => {
  const mount = { Name: 'v1', ID: '7f3c1d2e' };
  const cases: Array<[string, string, unknown, unknown]> = [
    ['VolumeDriver.Create', 'create', { Name: 'v1', Opts: { size: '1G' } }, { Name: 'v1', Opts: { size: '1G' } }],
    ['VolumeDriver.Remove', 'remove', { Name: 'v1' }, { Name: 'v1' }],
    ['VolumeDriver.Mount', 'mount', mount, mount],
    ['VolumeDriver.Unmount', 'unmount', mount, mount],
    ['VolumeDriver.Path', 'path', { Name: 'v1' }, { Name: 'v1' }],
    ['VolumeDriver.Get', 'get', { Name: 'v1' }, { Name: 'v1' }],
    ['VolumeDriver.List', 'list', {}, {}],
    ['VolumeDriver.Capabilities', 'capabilities', {}, {}],
  ];
  const { app, volume } = await volumeApp(t);
  for (const [path, method, body, parsed] of cases) {
    const res = await call(app, path, body);
    assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
    assert.deepEqual(volume.at(-1), { method, req: parsed }, path);
  }
  assert.equal(volume.length, cases.length);
});

test('volume replies carry what the driver returned', async (t) => {
  const { app } = await volumeApp(t);
  assert.deepEqual((await call(app, 'VolumeDriver.Mount', { Name: 'v1', ID: 'x' })).json(), volumeReplies.mount);
  assert.deepEqual((await call(app, 'VolumeDriver.Path', { Name: 'v1' })).json(), volumeReplies.path);
  assert.deepEqual((await call(app, 'VolumeDriver.Get', { Name: 'v1' })).json(), volumeReplies.get);
  assert.deepEqual((await call(app, 'VolumeDriver.List', {})).json(), volumeReplies.list);
  assert.deepEqual((await call(app, 'VolumeDriver.Capabilities', {})).json(), volumeReplies.capabilities);
  assert.equal((await call(app, 'VolumeDriver.Create', { Name: 'v1' })).body, '{}');
});

test('Create without Opts (or with null Opts) hands the driver an empty map', async (t) => {
  const { app, volume } = await volumeApp(t);
  await call(app, 'VolumeDriver.Create', { Name: 'v1' });
  assert.deepEqual(volume.at(-1)?.req, { Name: 'v1', Opts: {} });
  await call(app, 'VolumeDriver.Create', { Name: 'v2', Opts: null });
  assert.deepEqual(volume.at(-1)?.req, { Name: 'v2', Opts: {} });
});

test('Mount requires the mount ID Docker pairs with Unmount', async (t) => {
  const { app, volume } = await volumeApp(t);
  const res = await call(app, 'VolumeDriver.Mount', { Name: 'v1' });
  assert.equal(res.statusCode, 500);
  assert.deepEqual(res.json(), { Err: "VolumeDriver.Mount: body must have required property 'ID'" });
  assert.equal(volume.length, 0);
});
