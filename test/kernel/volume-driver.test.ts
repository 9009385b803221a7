// wasmvol with real bind mounts, loop devices and ext4 images (root).
import assert from 'node:assert/strict';
import { lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { linuxMountOps } from '../../host/drivers/volume/mount-ops';
import { isMountpoint } from '../../host/linux/mount';
import { mountsUnder } from '../../host/linux/mountinfo';
import { assertKernelReady } from '../helpers/kernel';
import { loopsBackedBy } from '../helpers/kernel-objects';
import { fixture, type Fixture } from '../unit/volume/helpers';

/** Asserts the test left no mount and no loop device behind (the fixture then clears them anyway). */
async function assertClean(f: Fixture): Promise<void> {
  assert.deepEqual((await mountsUnder(f.dir)).map((m) => m.mountPoint), [], 'mounts left behind');
  assert.deepEqual(await loopsBackedBy(f.dir), [], 'loop devices left attached');
}

/** Writes 1 MiB chunks until `bytes` or an error; returns the error code. */
async function fill(file: string, bytes: number): Promise<string | undefined> {
  const fh = await open(file, 'w');
  try {
    const chunk = Buffer.alloc(1024 * 1024, 7);
    for (let done = 0; done < bytes; done += chunk.length) {
      await fh.write(chunk);
      await fh.sync();
    }
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code;
  } finally {
    await fh.close().catch(() => {});
  }
}

before(async () => {
  await assertKernelReady(['mount', 'loop', 'mkfs.ext4']);
});

describe('wasmvol on the real kernel', () => {
  it('bind-mounts the data for the first ID, keeps it for the second, unmounts after the last', async (t) => {
    const f = fixture(t, { mountOps: linuxMountOps });
    await f.driver.create({ Name: 'v1', Opts: {} });
    const { Mountpoint } = await f.driver.mount({ Name: 'v1', ID: 'c1' });
    assert.equal(Mountpoint, path.join(f.mountRoot, 'v1'));
    assert.equal(await isMountpoint(Mountpoint), true);
    writeFileSync(path.join(Mountpoint, 'hello'), 'from c1');
    assert.equal(readFileSync(path.join(f.dataRoot, 'v1', 'hello'), 'utf8'), 'from c1');

    await f.driver.mount({ Name: 'v1', ID: 'c2' });
    assert.equal((await mountsUnder(Mountpoint)).length, 1, 'one mount however many IDs');
    await f.driver.unmount({ Name: 'v1', ID: 'c1' });
    assert.equal(await isMountpoint(Mountpoint), true, 'c2 still holds it');
    writeFileSync(path.join(Mountpoint, 'second'), 'from c2');
    await f.driver.unmount({ Name: 'v1', ID: 'c2' });
    assert.equal(await isMountpoint(Mountpoint), false);
    assert.equal(readFileSync(path.join(f.dataRoot, 'v1', 'second'), 'utf8'), 'from c2', 'data outlives the mount');

    await f.driver.remove({ Name: 'v1' });
    assert.deepEqual(readdirSync(f.dataRoot), []);
    await assertClean(f);
  });

  it('limits a size= volume: writes beyond it fail with ENOSPC, and owner and mode are on its root', async (t) => {
    const f = fixture(t, { mountOps: linuxMountOps });
    await f.driver.create({ Name: 'small', Opts: { size: '8M', uid: '1234', gid: '2345', mode: '0770' } });
    assert.deepEqual(await mountsUnder(f.dir), [], 'the set-up mount is gone after Create');
    const { Mountpoint } = await f.driver.mount({ Name: 'small', ID: 'c1' });
    const root = statSync(Mountpoint);
    assert.deepEqual([root.uid, root.gid, root.mode & 0o7777], [1234, 2345, 0o770]);
    assert.equal(await fill(path.join(Mountpoint, 'big'), 16 * 1024 * 1024), 'ENOSPC');
    await f.driver.unmount({ Name: 'small', ID: 'c1' });
    assert.deepEqual(await loopsBackedBy(f.dir), [], 'the loop device is released with the last unmount');

    const image = path.join(f.dataRoot, 'small', 'volume.img');
    assert.ok(lstatSync(image).isFile());
    await f.driver.remove({ Name: 'small' });
    assert.deepEqual(readdirSync(f.dataRoot), [], 'the image goes with the volume');
    await assertClean(f);
  });

  it('keeps data across a restart and still unmounts after it', async (t) => {
    const f = fixture(t, { mountOps: linuxMountOps });
    await f.driver.create({ Name: 'v1', Opts: { size: '8M' } });
    const { Mountpoint } = await f.driver.mount({ Name: 'v1', ID: 'c1' });
    writeFileSync(path.join(Mountpoint, 'kept'), 'yes');
    const driver = f.restart();
    const report = await driver.reconcile();
    assert.deepEqual(report.unmounted, [], 'a held mount survives reconcile');
    await driver.mount({ Name: 'v1', ID: 'c2' });
    await driver.unmount({ Name: 'v1', ID: 'c1' });
    await driver.unmount({ Name: 'v1', ID: 'c2' });
    assert.equal(await isMountpoint(Mountpoint), false);
    const again = await driver.mount({ Name: 'v1', ID: 'c3' });
    assert.equal(readFileSync(path.join(again.Mountpoint, 'kept'), 'utf8'), 'yes');
    await driver.unmount({ Name: 'v1', ID: 'c3' });
    await driver.remove({ Name: 'v1' });
    await assertClean(f);
  });

  it('reconcile unmounts mounts left without IDs, including a loop mount', async (t) => {
    const f = fixture(t, { mountOps: linuxMountOps });
    await f.driver.create({ Name: 'plain', Opts: {} });
    await f.driver.create({ Name: 'sized', Opts: { size: '8M' } });
    await f.driver.mount({ Name: 'plain', ID: 'c1' });
    await f.driver.mount({ Name: 'sized', ID: 'c2' });
    // A crash after Docker stopped both containers but before the Unmounts: the IDs are stale.
    const released = await f.driver.releaseStaleMounts(new Set());
    assert.deepEqual(released.sort(), ['plain/c1', 'sized/c2']);
    await assertClean(f);

    await f.driver.mount({ Name: 'plain', ID: 'c3' });
    await linuxMountOps.mountImage(path.join(f.dataRoot, 'sized', 'volume.img'), path.join(f.mountRoot, 'sized'));
    const report = await f.restart().reconcile();
    assert.deepEqual(report.unmounted, [path.join(f.mountRoot, 'sized')]);
    assert.equal(await isMountpoint(path.join(f.mountRoot, 'plain')), true);
    await f.driver.unmount({ Name: 'plain', ID: 'c3' });
    await assertClean(f);
  });

  it('removing a volume never follows a symlink a container planted in it', async (t) => {
    const f = fixture(t, { mountOps: linuxMountOps });
    const etcBefore = readdirSync('/etc').sort();
    await f.driver.create({ Name: 'v1', Opts: {} });
    const { Mountpoint } = await f.driver.mount({ Name: 'v1', ID: 'c1' });
    symlinkSync('/etc', path.join(Mountpoint, 'etc'));
    symlinkSync('/etc/hostname', path.join(Mountpoint, 'hostname'));
    await f.driver.unmount({ Name: 'v1', ID: 'c1' });
    await f.driver.remove({ Name: 'v1' });
    assert.deepEqual(readdirSync('/etc').sort(), etcBefore);
    assert.ok(lstatSync('/etc/hostname').isFile());
    await assertClean(f);
  });
});
