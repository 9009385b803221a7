// The leak detector itself: it must see what a test leaves behind.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { ensureBridge } from '../../host/linux/bridge';
import { deleteLink } from '../../host/linux/links';
import { bindMount, unmount } from '../../host/linux/mount';
import { diffKernelObjects, snapshotKernelObjects } from '../helpers/leaks';
import { assertKernelReady } from '../helpers/kernel';
import { createNetns, deleteNetns, uniqueName } from '../helpers/netns';

before(() => assertKernelReady(['netns', 'bridge', 'iptables', 'ip6tables', 'mount']));

describe('leak detection', () => {
  it('reports links, namespaces and mounts created after the snapshot, then a clean diff', async () => {
    const br = uniqueName('b');
    const ns = uniqueName('n');
    const dir = await mkdtemp('/tmp/wdk-leaks-');
    const target = path.join(dir, 't');
    await mkdir(target);
    const before = await snapshotKernelObjects();
    try {
      await ensureBridge(br, {});
      await createNetns(ns);
      await bindMount(dir, target);
      const diff = diffKernelObjects(before, await snapshotKernelObjects());
      assert.equal(diff.clean, false);
      assert.ok(diff.added.links.includes(br), diff.text);
      assert.ok(diff.added.netns.includes(ns), diff.text);
      assert.ok(diff.added.mounts.some((m) => m.startsWith(`${target} <- `)), diff.text);
      assert.match(diff.text, new RegExp(`leaked links: ${br}`));
    } finally {
      await unmount(target);
      await deleteNetns(ns);
      await deleteLink(br);
      await rm(dir, { recursive: true, force: true });
    }
    // Other kernel tests may run in parallel; only our objects must be gone.
    const after = await snapshotKernelObjects();
    const diff = diffKernelObjects(before, after);
    for (const k of ['links', 'netns'] as const) {
      assert.deepEqual(diff.added[k].filter((x) => x === br || x === ns), [], diff.text);
    }
    assert.deepEqual(diff.added.mounts.filter((m) => m.startsWith(dir)), [], diff.text);
  });
});
