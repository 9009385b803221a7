import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, isError } from './helpers';

describe('VolumeDriver.Mount and Unmount', () => {
  it('mounts on the first ID, refcounts further IDs, and unmounts after the last', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    const target = path.join(f.mountRoot, 'v1');
    const data = path.join(f.dataRoot, 'v1');

    assert.deepEqual(await f.driver.mount({ Name: 'v1', ID: 'c1' }), { Mountpoint: target });
    assert.deepEqual(f.ops.mounts.get(target), [data]);
    assert.deepEqual(await f.driver.mount({ Name: 'v1', ID: 'c2' }), { Mountpoint: target });
    assert.deepEqual(await f.driver.mount({ Name: 'v1', ID: 'c2' }), { Mountpoint: target }, 'the same ID again is idempotent');
    assert.deepEqual(f.ops.mounts.get(target), [data], 'still one mount');
    assert.equal((await f.driver.get({ Name: 'v1' })).Volume.Mountpoint, target);
    assert.deepEqual(await f.driver.path({ Name: 'v1' }), { Mountpoint: target });
    assert.equal((await f.driver.get({ Name: 'v1' })).Volume.Status?.mounts, 2);

    await f.driver.unmount({ Name: 'v1', ID: 'c1' });
    assert.deepEqual(f.ops.mounts.get(target), [data], 'another ID still holds it');
    await f.driver.unmount({ Name: 'v1', ID: 'c1' });
    await f.driver.unmount({ Name: 'v1', ID: 'never-mounted' });
    assert.deepEqual(f.ops.mounts.get(target), [data], 'unknown IDs release nothing');
    await f.driver.unmount({ Name: 'v1', ID: 'c2' });
    assert.equal(f.ops.mounts.has(target), false);
    assert.equal((await f.driver.get({ Name: 'v1' })).Volume.Mountpoint, undefined);
    assert.deepEqual(await f.driver.path({ Name: 'v1' }), { Mountpoint: '' });
  });

  it('loop-mounts a size-limited volume\'s image', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: { size: '8M' } });
    await f.driver.mount({ Name: 'v1', ID: 'c1' });
    assert.deepEqual(f.ops.mounts.get(path.join(f.mountRoot, 'v1')), [path.join(f.dataRoot, 'v1', 'volume.img')]);
    await f.driver.unmount({ Name: 'v1', ID: 'c1' });
    assert.equal(f.ops.mounts.size, 0);
  });

  it('keeps the refcount across a restart, and mounts again when the mount vanished', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    await f.driver.mount({ Name: 'v1', ID: 'c1' });
    await f.driver.mount({ Name: 'v1', ID: 'c2' });
    const driver = f.restart();
    const target = path.join(f.mountRoot, 'v1');
    await driver.unmount({ Name: 'v1', ID: 'c1' });
    assert.ok(f.ops.mounts.has(target), 'c2 still holds the volume after the restart');
    f.ops.mounts.clear(); // e.g. someone ran umount by hand
    assert.deepEqual(await driver.mount({ Name: 'v1', ID: 'c2' }), { Mountpoint: target });
    assert.ok(f.ops.mounts.has(target), 'the next Mount restores it');
    await driver.unmount({ Name: 'v1', ID: 'c2' });
    assert.equal(f.ops.mounts.size, 0);
  });

  it('reports unknown volumes clearly, and treats Unmount of one as done', async (t) => {
    const f = fixture(t);
    await assert.rejects(f.driver.mount({ Name: 'ghost', ID: 'c1' }), isError('notFound', 'volume "ghost" does not exist in wasmvol'));
    await assert.rejects(f.driver.path({ Name: 'ghost' }), isError('notFound', 'volume "ghost" does not exist'));
    await f.driver.unmount({ Name: 'ghost', ID: 'c1' });
  });

  it('does not record the ID when the mount fails, and says why', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    f.ops.failNextMount = true;
    await assert.rejects(f.driver.mount({ Name: 'v1', ID: 'c1' }), isError('system', 'injected'));
    assert.equal((await f.driver.get({ Name: 'v1' })).Volume.Status?.mounts, 0);
    await f.driver.remove({ Name: 'v1' });
  });

  it('fails Mount clearly when the data directory vanished, instead of serving an empty one', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    rmSync(path.join(f.dataRoot, 'v1'), { recursive: true });
    await assert.rejects(f.driver.mount({ Name: 'v1', ID: 'c1' }), isError('system', /data directory ".*v1" of volume "v1" is missing/));
    assert.equal(existsSync(path.join(f.dataRoot, 'v1')), false);
  });

  it('refuses to mount through a symlink that replaced the data directory', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    const outside = path.join(f.dir, 'outside');
    mkdirSync(outside);
    rmSync(path.join(f.dataRoot, 'v1'), { recursive: true });
    symlinkSync(outside, path.join(f.dataRoot, 'v1'));
    await assert.rejects(f.driver.mount({ Name: 'v1', ID: 'c1' }), isError('conflict', 'symbolic link'));
    assert.equal(f.ops.mounts.size, 0);
  });
});

describe('VolumeDriver.Remove', () => {
  it('is refused while mount IDs hold the volume, naming how many', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    await f.driver.mount({ Name: 'v1', ID: 'aaaaaaaaaaaaaaaa' });
    await f.driver.mount({ Name: 'v1', ID: 'bbbb' });
    await assert.rejects(f.driver.remove({ Name: 'v1' }), isError('conflict', 'volume "v1" is in use by 2 mounts (mount IDs aaaaaaaaaaaa, bbbb)'));
    assert.ok(existsSync(path.join(f.dataRoot, 'v1')));
    await f.driver.unmount({ Name: 'v1', ID: 'aaaaaaaaaaaaaaaa' });
    await f.driver.unmount({ Name: 'v1', ID: 'bbbb' });
    await f.driver.remove({ Name: 'v1' });
  });

  it('deletes the data, the image, the mount point and empty policy directories', async (t) => {
    const f = fixture(t);
    f.policy.answers.volumePath = (input) => ({ path: `blue/${String(input.name)}` });
    await f.driver.create({ Name: 'v1', Opts: { size: '8M' } });
    await f.driver.create({ Name: 'v2', Opts: {} });
    await f.driver.mount({ Name: 'v1', ID: 'c1' });
    await f.driver.unmount({ Name: 'v1', ID: 'c1' });
    writeFileSync(path.join(f.dataRoot, 'blue', 'v2', 'file'), 'x');
    await f.driver.remove({ Name: 'v1' });
    assert.deepEqual(readdirSync(path.join(f.dataRoot, 'blue')), ['v2'], 'the other tenant volume stays');
    assert.deepEqual(readdirSync(f.mountRoot), []);
    await f.driver.remove({ Name: 'v2' });
    assert.deepEqual(readdirSync(f.dataRoot), [], 'the emptied tenant directory goes too');
    await assert.rejects(f.driver.get({ Name: 'v1' }), isError('notFound', 'does not exist'));
    await f.driver.remove({ Name: 'v1' }); // already gone: success
  });

  it('never follows a symlink inside the data while deleting it', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    const outside = path.join(f.dir, 'precious');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'keep'), 'keep me');
    symlinkSync(outside, path.join(f.dataRoot, 'v1', 'link'));
    symlinkSync(path.join(outside, 'keep'), path.join(f.dataRoot, 'v1', 'file-link'));
    await f.driver.remove({ Name: 'v1' });
    assert.equal(readFileSync(path.join(outside, 'keep'), 'utf8'), 'keep me');
    assert.equal(existsSync(path.join(f.dataRoot, 'v1')), false);
  });

  it('refuses to delete through a symlink that replaced the data directory', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    const outside = path.join(f.dir, 'precious');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'keep'), 'keep me');
    rmSync(path.join(f.dataRoot, 'v1'), { recursive: true });
    symlinkSync(outside, path.join(f.dataRoot, 'v1'));
    await assert.rejects(f.driver.remove({ Name: 'v1' }), isError('conflict', 'symbolic link'));
    assert.equal(readFileSync(path.join(outside, 'keep'), 'utf8'), 'keep me');
    assert.equal((await f.driver.get({ Name: 'v1' })).Volume.Name, 'v1', 'the record stays until its data is really gone');
  });

  it('refuses to delete data with something mounted inside it', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    const inner = path.join(f.dataRoot, 'v1', 'nfs');
    await f.ops.bind('/somewhere', inner);
    await assert.rejects(f.driver.remove({ Name: 'v1' }), isError('conflict', `"${inner}" is mounted inside`));
    assert.ok(existsSync(path.join(f.dataRoot, 'v1')));
  });

  it('clears a stale mount without IDs before deleting', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    const target = path.join(f.mountRoot, 'v1');
    mkdirSync(target, { recursive: true });
    await f.ops.bind(path.join(f.dataRoot, 'v1'), target);
    await f.driver.remove({ Name: 'v1' });
    assert.equal(f.ops.mounts.size, 0);
    assert.equal(existsSync(target), false);
  });
});
