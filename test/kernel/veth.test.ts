import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ensureBridge } from '../../host/linux/bridge';
import { createVethPair, deleteLink } from '../../host/linux/veth';
import { getLink } from '../../host/linux/links';
import { WasmdriverError } from '../../host/errors';
import { linkTestSetup } from '../helpers/kernel-objects';
import { uniqueName } from '../helpers/netns';

const fresh = linkTestSetup('veth');

describe('createVethPair', () => {
  it('attaches the host end to the bridge, up, with mtu; leaves the peer down', async () => {
    const br = fresh('b');
    const host = fresh('h');
    const peer = fresh('p');
    await ensureBridge(br, { mtu: 1400 });
    const r = await createVethPair(host, peer, { bridge: br, mtu: 1400 });
    assert.equal(r.created, true);
    const h = await getLink(host);
    const p = await getLink(peer);
    assert.equal(h?.kind, 'veth');
    assert.equal(h?.master, br);
    assert.equal(h?.up, true);
    assert.equal(h?.mtu, 1400);
    assert.equal(h?.peer, peer);
    assert.equal(p?.kind, 'veth');
    assert.equal(p?.master, undefined);
    assert.equal(p?.up, false);
    assert.equal(p?.mtu, 1400);
  });

  it('accepts a retry for the same pair and converges it', async () => {
    const br = fresh('b');
    const host = fresh('h');
    const peer = fresh('p');
    await ensureBridge(br, {});
    await createVethPair(host, peer, { bridge: br });
    await deleteLink(br); // detaches the host end
    await ensureBridge(br, {});
    const r = await createVethPair(host, peer, { bridge: br, mtu: 1300 });
    assert.equal(r.created, false);
    const h = await getLink(host);
    assert.equal(h?.master, br);
    assert.equal(h?.mtu, 1300);
    assert.equal(h?.up, true);
  });

  it('refuses names taken by something else', async () => {
    const br = fresh('b');
    const host = fresh('h');
    const peer = fresh('p');
    const other = fresh('o');
    await ensureBridge(br, {});
    await createVethPair(host, peer, { bridge: br });
    // host end exists but is peered with another name
    await assert.rejects(createVethPair(host, other, { bridge: br }), (e: unknown) => {
      assert.ok(e instanceof WasmdriverError);
      assert.equal(e.kind, 'conflict');
      assert.match(e.message, /is not a veth peered with/);
      return true;
    });
    // peer name taken
    await assert.rejects(createVethPair(other, peer, { bridge: br }), /already exists/);
    assert.equal(await getLink(other), undefined, 'nothing half-made is left');
  });

  it('fails cleanly when the bridge is missing', async () => {
    const host = fresh('h');
    const peer = fresh('p');
    await assert.rejects(createVethPair(host, peer, { bridge: uniqueName('x') }), (e: unknown) => {
      assert.ok(e instanceof WasmdriverError);
      assert.equal(e.kind, 'notFound');
      assert.match(e.message, /^failed to create veth pair .*: bridge "wdk[0-9a-f]+x" does not exist$/);
      return true;
    });
    assert.equal(await getLink(host), undefined);
    assert.equal(await getLink(peer), undefined);
  });

  it('deleteLink removes both ends and is idempotent', async () => {
    const br = fresh('b');
    const host = fresh('h');
    const peer = fresh('p');
    await ensureBridge(br, {});
    await createVethPair(host, peer, { bridge: br });
    await deleteLink(host);
    assert.equal(await getLink(host), undefined);
    assert.equal(await getLink(peer), undefined);
    await deleteLink(host);
  });
});
