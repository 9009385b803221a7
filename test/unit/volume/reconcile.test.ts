import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture } from './helpers';

describe('reconcile at daemon start', () => {
  it('unmounts mounts no ID holds, keeps held ones, and reports held volumes whose mount vanished', async (t) => {
    const f = fixture(t);
    for (const v of ['held', 'idle', 'lost']) await f.driver.create({ Name: v, Opts: {} });
    await f.driver.mount({ Name: 'held', ID: 'c1' });
    await f.driver.mount({ Name: 'lost', ID: 'c2' });
    const at = (n: string) => path.join(f.mountRoot, n);
    await f.ops.bind(path.join(f.dataRoot, 'idle'), at('idle')); // left by a crash
    await f.ops.bind('/elsewhere', at('gone')); // of a volume no longer recorded
    await f.ops.bind('/deeper', path.join(at('held'), 'sub'));
    f.ops.mounts.delete(at('lost')); // vanished, e.g. by hand

    const driver = f.restart();
    const report = await driver.reconcile();
    assert.deepEqual(report.unmounted.sort(), [path.join(at('held'), 'sub'), at('gone'), at('idle')].sort());
    assert.deepEqual(report.awaitingRemount, [{ volume: 'lost', mountIds: ['c2'] }]);
    assert.deepEqual(report.failures, []);
    assert.deepEqual([...f.ops.mounts.keys()], [at('held')]);
    assert.deepEqual(await driver.mount({ Name: 'lost', ID: 'c2' }), { Mountpoint: at('lost') });
    assert.ok(f.ops.mounts.has(at('lost')));
  });

  it('removes empty mount point directories of removed volumes, and nothing else', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    mkdirSync(path.join(f.mountRoot, 'old'), { recursive: true });
    mkdirSync(path.join(f.mountRoot, 'v1'));
    mkdirSync(path.join(f.mountRoot, 'notempty'));
    writeFileSync(path.join(f.mountRoot, 'notempty', 'f'), '');
    const report = await f.driver.reconcile();
    assert.deepEqual(report.removedMountDirs, [path.join(f.mountRoot, 'old')]);
    assert.ok(existsSync(path.join(f.mountRoot, 'v1')));
    assert.ok(existsSync(path.join(f.mountRoot, 'notempty', 'f')));
  });

  it('is a no-op on a clean host', async (t) => {
    const f = fixture(t);
    assert.deepEqual(await f.driver.reconcile(), { unmounted: [], awaitingRemount: [], removedMountDirs: [], failures: [] });
  });
});

describe('releaseStaleMounts', () => {
  it('drops IDs no running container holds and unmounts volumes left without any', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'a', Opts: {} });
    await f.driver.create({ Name: 'b', Opts: {} });
    await f.driver.mount({ Name: 'a', ID: 'live' });
    await f.driver.mount({ Name: 'a', ID: 'dead1' });
    await f.driver.mount({ Name: 'b', ID: 'dead2' });
    const released = await f.driver.releaseStaleMounts(new Set(['live', 'unrelated']));
    assert.deepEqual(released.sort(), ['a/dead1', 'b/dead2']);
    assert.ok(f.ops.mounts.has(path.join(f.mountRoot, 'a')), 'a is still held by "live"');
    assert.equal(f.ops.mounts.has(path.join(f.mountRoot, 'b')), false);
    await f.driver.remove({ Name: 'b' });
    assert.deepEqual(await f.driver.releaseStaleMounts(new Set(['live'])), []);
  });

  it('keeps IDs recorded after the container list was read', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'a', Opts: {} });
    const listedAt = new Date(Date.now() - 60_000);
    await f.driver.mount({ Name: 'a', ID: 'started-since' });
    assert.deepEqual(await f.driver.releaseStaleMounts(new Set(), { recordedBefore: listedAt }), []);
    assert.equal((await f.driver.get({ Name: 'a' })).Volume.Status?.mounts, 1);
  });
});
