import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureDirBeneath } from '../../host/linux/safe-path';
import { removeDirBeneath } from '../../host/linux/safe-remove';
import { bindMount, unmount } from '../../host/linux/mount';
import { mountsUnder } from '../../host/linux/mountinfo';
import { WasmdriverError } from '../../host/errors';

let base: string;
let root: string;
let outside: string;

before(async () => {
  base = await mkdtemp('/tmp/wdk-safepath-');
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(path.join(outside, 'secret'), 'untouched');
});

after(async () => {
  // Never delete through a mount a failed test left behind.
  const left = (await mountsUnder(base)).map((m) => m.mountPoint).sort().reverse();
  for (const m of left) await unmount(m, { lazy: true });
  await rm(base, { recursive: true, force: true });
  assert.deepEqual(left, [], 'safe-path tests left mounts behind');
});

const isKind = (kind: string) => (e: unknown) => e instanceof WasmdriverError && e.kind === kind;

describe('ensureDirBeneath', () => {
  it('creates nested directories and returns the real path; idempotent', async () => {
    const p = await ensureDirBeneath(root, 'a/b/c');
    assert.equal(p, path.join(root, 'a/b/c'));
    assert.ok((await stat(p)).isDirectory());
    assert.equal(await ensureDirBeneath(root, 'a/b/c'), p);
  });

  it('applies owner and mode to the final directory only', async () => {
    const p = await ensureDirBeneath(root, 'owned/leaf', { uid: 4321, gid: 4322, mode: 0o750 });
    const st = await stat(p);
    assert.equal(st.uid, 4321);
    assert.equal(st.gid, 4322);
    assert.equal(st.mode & 0o777, 0o750);
    assert.equal((await stat(path.join(root, 'owned'))).uid, 0);
  });

  it('refuses "..", absolute, NUL and malformed paths before touching the disk', async () => {
    for (const bad of ['..', '../outside', 'a/../../outside', '../../etc', '/etc', '/', 'a\0b', '', 'a//b', 'a/', './a', 'a/./b']) {
      await assert.rejects(ensureDirBeneath(root, bad), isKind('invalid'), JSON.stringify(bad));
    }
    assert.deepEqual((await readdir(outside)).sort(), ['secret']);
  });

  it('refuses a planted symlink at any component and leaves its target untouched', async () => {
    await symlink(outside, path.join(root, 'planted'));
    await mkdir(path.join(root, 'deep'));
    await symlink(outside, path.join(root, 'deep', 'link'));
    for (const rel of ['planted', 'planted/x', 'deep/link/x/y']) {
      await assert.rejects(ensureDirBeneath(root, rel, { uid: 999, mode: 0o777 }), (e: unknown) => {
        assert.ok(isKind('conflict')(e));
        assert.match((e as Error).message, /is a symbolic link/);
        return true;
      });
    }
    assert.deepEqual((await readdir(outside)).sort(), ['secret'], 'nothing created outside the root');
    const st = await stat(outside);
    assert.equal(st.uid, 0, 'target owner unchanged');
    assert.notEqual(st.mode & 0o777, 0o777, 'target mode unchanged');
    assert.ok((await lstat(path.join(root, 'planted'))).isSymbolicLink(), 'the symlink itself is left as found');
  });

  it('refuses a file where a directory is expected', async () => {
    await writeFile(path.join(root, 'file'), 'x');
    await assert.rejects(ensureDirBeneath(root, 'file/sub'), /is not a directory/);
  });

  it('accepts a root that is itself reached through a symlink', async () => {
    const alias = path.join(base, 'alias');
    await symlink(root, alias);
    assert.equal(await ensureDirBeneath(alias, 'via-alias'), path.join(root, 'via-alias'));
  });
});

describe('removeDirBeneath', () => {
  it('removes a directory tree, without following symlinks inside it; idempotent', async () => {
    const p = await ensureDirBeneath(root, 'rm/me/deep');
    await writeFile(path.join(p, 'f'), 'x');
    await symlink(outside, path.join(root, 'rm', 'me', 'link-out'));
    await removeDirBeneath(root, 'rm/me');
    await assert.rejects(lstat(path.join(root, 'rm', 'me')), /ENOENT/);
    assert.ok((await stat(path.join(root, 'rm'))).isDirectory(), 'parent kept');
    assert.deepEqual((await readdir(outside)).sort(), ['secret'], 'symlink target untouched');
    await removeDirBeneath(root, 'rm/me');
    await removeDirBeneath(root, 'never/existed');
  });

  it('refuses traversal, symlinks and files', async () => {
    await assert.rejects(removeDirBeneath(root, '../outside'), isKind('invalid'));
    await assert.rejects(removeDirBeneath(root, '/etc'), isKind('invalid'));
    await symlink(outside, path.join(root, 'rm-link'));
    await assert.rejects(removeDirBeneath(root, 'rm-link'), /is a symbolic link/);
    await writeFile(path.join(root, 'rm-file'), 'x');
    await assert.rejects(removeDirBeneath(root, 'rm-file'), /is not a directory/);
    assert.deepEqual((await readdir(outside)).sort(), ['secret']);
  });

  it('refuses while something is mounted inside, and leaves the mounted data alone', async () => {
    const vol = await ensureDirBeneath(root, 'vol/data');
    const src = await ensureDirBeneath(base, 'bind-src');
    await writeFile(path.join(src, 'precious'), 'keep');
    await bindMount(src, vol);
    try {
      await assert.rejects(removeDirBeneath(root, 'vol'), /is still mounted/);
    } finally {
      await unmount(vol);
    }
    assert.equal(await readFile(path.join(src, 'precious'), 'utf8'), 'keep');
    await removeDirBeneath(root, 'vol');
  });
});
