// The network driver's kernel port: what it adds on top of host/linux
// (sysfs link lookups, putting veths back on a rebuilt bridge, surviving
// the ip session's stale name cache).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ensureBridge } from '../../host/linux/bridge';
import { deleteLink, getLink } from '../../host/linux/links';
import { run } from '../../host/linux/exec';
import { createNetworkLinux } from '../../host/drivers/network/linux-port';
import { linkTestSetup } from '../helpers/kernel-objects';

const port = createNetworkLinux('0123456789');
const fresh = linkTestSetup('port', {
  // A fresh `ip` per link: the session's name cache is what one test makes stale.
  remove: (n) => run(['ip', 'link', 'del', 'dev', n]).catch(() => {}),
});

describe('network linux port', () => {
  it('linkExists reads sysfs and refuses names that could walk out of it', async () => {
    const br = fresh('b');
    assert.equal(await port.linkExists(br), false);
    await ensureBridge(br);
    assert.equal(await port.linkExists(br), true);
    await assert.rejects(port.linkExists('../../etc'), /invalid interface name/);
  });

  it('creates a veth on a bridge that was deleted and re-created outside the ip session', async () => {
    const br = fresh('b');
    const [h1, p1, h2, p2] = [fresh('h'), fresh('p'), fresh('h'), fresh('p')];
    await ensureBridge(br);
    // The session resolves (and caches) the bridge's index here...
    await port.createVethPair(h1, p1, { bridge: br });
    // ...which a delete and re-create by another process makes stale.
    await run(['ip', 'link', 'del', 'dev', br]);
    await run(['ip', 'link', 'add', 'name', br, 'type', 'bridge']);
    await port.createVethPair(h2, p2, { bridge: br, mtu: 1400 });
    const link = await getLink(h2);
    assert.equal(link?.master, br);
    assert.equal(link?.up, true);
    assert.equal(link?.mtu, 1400);
    // Deleting it must not be fooled by the stale cache into "already gone".
    await port.deleteBridge(br);
    assert.equal(await getLink(br), undefined, 'the re-created bridge survived deleteBridge');
  });

  it('reattachToBridge puts a released veth back on its bridge, up, with its mtu; false when the veth is gone', async () => {
    const br = fresh('b');
    const [h, p] = [fresh('h'), fresh('p')];
    await ensureBridge(br, { mtu: 1450 });
    await port.createVethPair(h, p, { bridge: br, mtu: 1450 });
    await run(['ip', 'link', 'set', 'dev', h, 'nomaster', 'down']);
    assert.equal(await port.reattachToBridge(h, br, 1450), true);
    const link = await getLink(h);
    assert.equal(link?.master, br);
    assert.equal(link?.up, true);
    // Idempotent: nothing to change the second time.
    assert.equal(await port.reattachToBridge(h, br, 1450), true);
    await deleteLink(h);
    assert.equal(await port.reattachToBridge(h, br), false);
  });
});
