import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bindMount, isMountpoint, unmount } from '../../host/linux/mount';
import { mountsUnder, readMountinfo } from '../../host/linux/mountinfo';
import { WasmdriverError } from '../../host/errors';
import { assertKernelReady } from '../helpers/kernel';

let dir: string;

before(async () => {
  await assertKernelReady(['mount']);
  dir = await mkdtemp('/tmp/wdk-mount-');
});

after(async () => {
  // Unmount anything a failed test left, deepest first, then remove the dir.
  const left = (await mountsUnder(dir)).map((m) => m.mountPoint).sort().reverse();
  for (const m of left) await unmount(m, { lazy: true });
  assert.deepEqual(left, [], 'mount tests left mounts behind');
  await rm(dir, { recursive: true, force: true });
});

describe('bind mounts', () => {
  it('bind-mounts, is idempotent, and unmounts idempotently', async () => {
    const src = path.join(dir, 'src');
    const dst = path.join(dir, 'dst');
    await mkdir(src);
    await mkdir(dst);
    await writeFile(path.join(src, 'f'), 'hello');
    assert.equal(await isMountpoint(dst), false);
    await bindMount(src, dst);
    assert.equal(await isMountpoint(dst), true);
    assert.equal(await readFile(path.join(dst, 'f'), 'utf8'), 'hello');
    await bindMount(src, dst); // same source: success, no second mount
    assert.equal((await readMountinfo()).filter((m) => m.mountPoint === dst).length, 1);
    await unmount(dst);
    assert.equal(await isMountpoint(dst), false);
    await unmount(dst);
  });

  it('refuses to stack a different source on an existing mount', async () => {
    const s1 = path.join(dir, 's1');
    const s2 = path.join(dir, 's2');
    const t = path.join(dir, 't');
    for (const d of [s1, s2, t]) await mkdir(d);
    await bindMount(s1, t);
    try {
      await assert.rejects(bindMount(s2, t), (e: unknown) => e instanceof WasmdriverError && e.kind === 'conflict');
    } finally {
      await unmount(t);
    }
  });

  it('handles paths with spaces (mountinfo octal escapes) and lazy unmount', async () => {
    const src = path.join(dir, 'with space\tand tab');
    const dst = path.join(dir, 'dst with space');
    await mkdir(src);
    await mkdir(dst);
    await bindMount(src, dst);
    const m = (await readMountinfo()).find((x) => x.mountPoint === dst);
    assert.ok(m, 'mountinfo must show the unescaped path');
    assert.equal(m.root.endsWith('/with space\tand tab'), true, `root was ${JSON.stringify(m.root)}`);
    await unmount(dst, { lazy: true });
    assert.equal(await isMountpoint(dst), false);
  });

  it('makes read-only bind mounts', async () => {
    const src = path.join(dir, 'ro-src');
    const dst = path.join(dir, 'ro-dst');
    await mkdir(src);
    await mkdir(dst);
    await bindMount(src, dst, { readOnly: true });
    try {
      await assert.rejects(writeFile(path.join(dst, 'x'), 'x'), /EROFS/);
      await writeFile(path.join(src, 'y'), 'y'); // the source stays writable
    } finally {
      await unmount(dst);
    }
  });

  it('rejects relative and unnormalised paths, and reports mount failures', async () => {
    await assert.rejects(bindMount('/tmp/', '/tmp'), /invalid bind source/);
    await assert.rejects(bindMount('rel', '/tmp'), /invalid bind source/);
    await assert.rejects(bindMount('/tmp/../etc', '/tmp'), /invalid bind source/);
    await assert.rejects(bindMount('/tmp', '/tmp/x\0'), /invalid bind target/);
    const missing = path.join(dir, 'missing');
    await assert.rejects(bindMount(missing, path.join(dir, 'nowhere')), (e: unknown) => {
      assert.ok(e instanceof WasmdriverError);
      assert.equal(e.kind, 'system');
      assert.match(e.message, /^failed to bind-mount ".*missing" on ".*nowhere": /);
      return true;
    });
  });
});
