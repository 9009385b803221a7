// Malformed requests straight to wasmvol's socket: each class gets a clear
// {"Err"} and the daemon keeps serving dockerd afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupE2E, type E2EEnv } from '../helpers/e2e-env';
import { e2eSkipReason } from '../helpers/tiers';
import { callWasmvol, callWithOversizedBody, type SocketReply } from './volume-socket';

function assertErr(res: SocketReply, err: RegExp, status?: number): void {
  if (status !== undefined) assert.equal(res.status, status, res.body);
  else assert.ok(res.status >= 400, `expected a failure status, got ${res.status}: ${res.body}`);
  const body = res.json();
  assert.deepEqual(Object.keys(body), ['Err'], res.body);
  assert.match(String(body.Err), err);
}

describe('wasmvol socket under bad input', { skip: e2eSkipReason() }, () => {
  let env: E2EEnv;

  before(async () => {
    env = await setupE2E();
  });
  after(async () => {
    await env?.cleanup();
  });

  async function stillServes(): Promise<void> {
    const caps = await callWasmvol('VolumeDriver.Capabilities', {});
    assert.deepEqual(caps.json(), { Capabilities: { Scope: 'local' } });
    await env.docker(['volume', 'ls']);
    assert.equal(env.daemon.pid !== undefined && process.kill(env.daemon.pid, 0), true, 'wasmdriver exited');
  }

  it('malformed JSON', async () => {
    assertErr(await callWasmvol('VolumeDriver.Create', '{"Name": "x",'), /invalid JSON/, 400);
    await stillServes();
  });

  it('wrong types', async () => {
    assertErr(await callWasmvol('VolumeDriver.Create', { Name: 42 }), /VolumeDriver\.Create: body\/Name must be string/);
    assertErr(await callWasmvol('VolumeDriver.Create', { Name: 'x', Opts: { size: 8 } }), /Opts\/size must be string/);
    assertErr(await callWasmvol('VolumeDriver.Mount', { Name: 'x' }), /must have required property 'ID'/);
    assertErr(await callWasmvol('VolumeDriver.Get', []), /VolumeDriver\.Get/);
    await stillServes();
  });

  it('unknown names', async () => {
    const ghost = `${env.prefix}-ghost`;
    assertErr(await callWasmvol('VolumeDriver.Get', { Name: ghost }), new RegExp(`volume "${ghost}" does not exist`));
    assertErr(await callWasmvol('VolumeDriver.Path', { Name: ghost }), /does not exist/);
    assertErr(await callWasmvol('VolumeDriver.Mount', { Name: ghost, ID: 'c1' }), /does not exist/);
    // Releasing what does not exist succeeds: Docker may repeat Unmount and Remove.
    assert.equal((await callWasmvol('VolumeDriver.Unmount', { Name: ghost, ID: 'c1' })).status, 200);
    assert.equal((await callWasmvol('VolumeDriver.Remove', { Name: ghost })).status, 200);
    await stillServes();
  });

  it('a huge body', async () => {
    const res = await callWithOversizedBody('VolumeDriver.Create', 64 * 1024 * 1024);
    assertErr(res, /request body exceeds the limit/, 413);
    await stillServes();
  });

  it('invalid options', async () => {
    const name = `${env.prefix}-opts`;
    for (const [opts, err] of [
      [{ size: 'huge' }, /invalid volume option size="huge"/],
      [{ size: '1k' }, /smallest size is 4M/],
      [{ uid: '-5' }, /invalid volume option uid="-5"/],
      [{ mode: '99999' }, /invalid volume option mode="99999"/],
      [{ policy: 'no-such-policy' }, /no-such-policy/],
      [{ sneaky: 'yes' }, /unknown volume option "sneaky"/],
    ] as Array<[Record<string, string>, RegExp]>) {
      assertErr(await callWasmvol('VolumeDriver.Create', { Name: name, Opts: opts }), err);
    }
    assertErr(await callWasmvol('VolumeDriver.Get', { Name: name }), /does not exist/);
    await stillServes();
  });

  it('an unknown method', async () => {
    assertErr(await callWasmvol('VolumeDriver.Explode', {}), /unknown plugin method/, 404);
    await stillServes();
  });
});
