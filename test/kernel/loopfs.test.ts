import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, open, readdir, rm, stat, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createSizedFilesystem, mountLoop } from '../../host/linux/loopfs';
import { bindMount, isMountpoint, unmount } from '../../host/linux/mount';
import { mountsUnder } from '../../host/linux/mountinfo';
import { WasmdriverError } from '../../host/errors';
import { assertKernelReady } from '../helpers/kernel';
import { loopsBackedBy } from '../helpers/kernel-objects';

let dir: string;

before(async () => {
  await assertKernelReady(['mount', 'loop', 'mkfs.ext4']);
  dir = await mkdtemp('/tmp/wdk-loop-');
});

after(async () => {
  const left = (await mountsUnder(dir)).map((m) => m.mountPoint).sort().reverse();
  for (const m of left) await unmount(m, { lazy: true });
  assert.deepEqual(left, [], 'loop tests left mounts behind');
  assert.deepEqual(await loopsBackedBy(dir), [], 'loop devices left attached');
  await rm(dir, { recursive: true, force: true });
});

describe('size-limited filesystem', () => {
  it('fails writes beyond the size with ENOSPC, and releases the loop device', async () => {
    const img = path.join(dir, 'v1.img');
    const mnt = path.join(dir, 'v1');
    await mkdir(mnt);
    const size = 8 * 1024 * 1024;
    await createSizedFilesystem(img, size);
    const st = await stat(img);
    assert.equal(st.size, size);
    assert.ok(st.blocks * 512 < size, 'the image is sparse');
    await mountLoop(img, mnt);
    try {
      await mountLoop(img, mnt); // idempotent
      assert.equal((await mountsUnder(mnt)).length, 1);
      const fh = await open(path.join(mnt, 'fill'), 'w');
      const chunk = Buffer.alloc(1024 * 1024, 1);
      let written = 0;
      let error: NodeJS.ErrnoException | undefined;
      try {
        for (let i = 0; i < 16; i++) {
          await fh.write(chunk);
          await fh.sync();
          written += chunk.length;
        }
      } catch (e) {
        error = e as NodeJS.ErrnoException;
      } finally {
        await fh.close().catch(() => {});
      }
      assert.equal(error?.code, 'ENOSPC', `expected ENOSPC after ${written} bytes`);
      assert.ok(written < size, `wrote ${written} bytes into an ${size}-byte filesystem`);
    } finally {
      await unmount(mnt);
    }
    assert.equal(await isMountpoint(mnt), false);
    assert.deepEqual(await loopsBackedBy(img), [], 'umount must free the loop device (autoclear)');
  });

  it('refuses an image larger than the free space of its filesystem, creating nothing', async () => {
    const fs = await statfs(dir);
    const img = path.join(dir, 'huge.img');
    await assert.rejects(
      createSizedFilesystem(img, fs.bavail * fs.bsize + 1024 ** 3),
      (e: unknown) => e instanceof WasmdriverError && e.kind === 'invalid' && /free; choose a smaller size=/.test(e.message),
    );
    assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('huge')), []);
  });

  it('accepts an existing image of the same size and refuses another size', async () => {
    const img = path.join(dir, 'v2.img');
    await createSizedFilesystem(img, 4 * 1024 * 1024);
    await createSizedFilesystem(img, 4 * 1024 * 1024);
    await assert.rejects(createSizedFilesystem(img, 5 * 1024 * 1024), (e: unknown) => e instanceof WasmdriverError && e.kind === 'conflict');
    await assert.rejects(createSizedFilesystem(path.join(dir, 'tiny.img'), 1024), /invalid filesystem size/);
    assert.deepEqual((await readdir(dir)).filter((f) => f.includes('.tmp-')), [], 'no temporary images left');
  });

  it('sets the owner of the filesystem root and refuses a foreign mount at the target', async () => {
    const img = path.join(dir, 'v3.img');
    const mnt = path.join(dir, 'v3');
    const other = path.join(dir, 'other');
    await mkdir(mnt);
    await mkdir(other);
    await createSizedFilesystem(img, 4 * 1024 * 1024, { uid: 1234, gid: 2345 });
    await mountLoop(img, mnt);
    try {
      const st = await stat(mnt);
      assert.equal(st.uid, 1234);
      assert.equal(st.gid, 2345);
      await writeFile(path.join(other, 'x'), 'x');
    } finally {
      await unmount(mnt);
    }
    await bindMount(other, mnt);
    try {
      await assert.rejects(mountLoop(img, mnt), /already a mount point/);
    } finally {
      await unmount(mnt);
    }
  });
});
