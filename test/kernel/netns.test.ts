import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../host/linux/exec';
import { assertKernelReady } from '../helpers/kernel';
import { deleteNetns, execInNetns, withNetns } from '../helpers/netns';

before(() => assertKernelReady(['netns']));

const listNetns = async () =>
  (await run(['ip', 'netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0]).filter(Boolean);

describe('test namespace helpers', () => {
  it('withNetns gives a fresh namespace with only loopback, up, and deletes it even on failure', async () => {
    let name = '';
    await assert.rejects(
      withNetns(async (ns) => {
        name = ns;
        assert.ok((await listNetns()).includes(ns));
        const links = JSON.parse((await execInNetns(ns, ['ip', '-json', 'link', 'show'])).stdout) as { ifname: string; flags: string[] }[];
        assert.deepEqual(links.map((l) => l.ifname), ['lo']);
        assert.ok(links[0]?.flags.includes('UP'));
        throw new Error('test body failed');
      }),
      /test body failed/,
    );
    assert.ok(!(await listNetns()).includes(name), 'namespace removed');
    await deleteNetns(name); // idempotent
  });
});
