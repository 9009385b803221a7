import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deleteBridge, ensureBridge } from '../../host/linux/bridge';
import { getLink, listLinks } from '../../host/linux/links';
import { readSysctl } from '../../host/linux/sysctl';
import { run } from '../../host/linux/exec';
import { WasmdriverError } from '../../host/errors';
import { linkTestSetup } from '../helpers/kernel-objects';

const fresh = linkTestSetup('bridge');

describe('ensureBridge', () => {
  it('creates a bridge with mtu and IPv4 + IPv6 addresses, up', async () => {
    const br = fresh();
    const r = await ensureBridge(br, { mtu: 1450, addresses: ['10.231.0.1/24', 'fd00:231::1/64'] });
    assert.equal(r.created, true);
    const link = await getLink(br);
    assert.ok(link);
    assert.equal(link.kind, 'bridge');
    assert.equal(link.mtu, 1450);
    assert.equal(link.up, true);
    const addrs = link.addresses.filter((a) => a.scope === 'global').map((a) => `${a.address}/${a.prefix}`).sort();
    assert.deepEqual(addrs, ['10.231.0.1/24', 'fd00:231::1/64']);
    assert.equal(await readSysctl(['net', 'ipv6', 'conf', br, 'disable_ipv6']), '0');
    const listed = await listLinks({ prefix: br });
    assert.deepEqual(
      listed.map((l) => ({ name: l.name, kind: l.kind, mtu: l.mtu, up: l.up, master: l.master })),
      [{ name: br, kind: 'bridge', mtu: 1450, up: true, master: undefined }],
    );
  });

  it('is idempotent and converges mtu and missing addresses', async () => {
    const br = fresh();
    await ensureBridge(br, { addresses: ['10.232.0.1/24'] });
    const again = await ensureBridge(br, { addresses: ['10.232.0.1/24'] });
    assert.equal(again.created, false);
    await ensureBridge(br, { mtu: 1400, addresses: ['10.232.0.1/24', '10.232.1.1/24'] });
    const link = await getLink(br);
    assert.equal(link?.mtu, 1400);
    const v4 = link?.addresses.filter((a) => a.family === 4).map((a) => `${a.address}/${a.prefix}`).sort();
    assert.deepEqual(v4, ['10.232.0.1/24', '10.232.1.1/24']);
  });

  it('keeps its mtu when its last port leaves', async () => {
    const br = fresh();
    const port = fresh('v');
    const peer = fresh('p');
    await ensureBridge(br, { mtu: 1400 });
    await run(['ip', 'link', 'add', 'name', port, 'mtu', '1400', 'type', 'veth', 'peer', 'name', peer, 'mtu', '1400']);
    await run(['ip', 'link', 'set', 'dev', port, 'master', br]);
    await run(['ip', 'link', 'del', 'dev', port]);
    assert.equal((await getLink(br))?.mtu, 1400);
  });

  it('brings an existing bridge that is down back up', async () => {
    const br = fresh();
    await ensureBridge(br, {});
    await run(['ip', 'link', 'set', 'dev', br, 'down']);
    await ensureBridge(br, {});
    assert.equal((await getLink(br))?.up, true);
  });

  it('refuses a name taken by a link of another kind, and leaves it alone', async () => {
    const name = fresh('v');
    const peer = fresh('p');
    await run(['ip', 'link', 'add', 'name', name, 'type', 'veth', 'peer', 'name', peer]);
    await assert.rejects(ensureBridge(name, { addresses: ['10.233.0.1/24'] }), (err: unknown) => {
      assert.ok(err instanceof WasmdriverError);
      assert.equal(err.kind, 'conflict');
      assert.match(err.message, /already exists but is not a bridge \(kind veth\)/);
      return true;
    });
    await assert.rejects(deleteBridge(name), /is not a bridge/);
    const link = await getLink(name);
    assert.equal(link?.kind, 'veth');
    assert.deepEqual(link?.addresses.filter((a) => a.family === 4), []);
  });

  it('rejects invalid names, mtu and addresses before touching the kernel', async () => {
    for (const bad of ['', 'a'.repeat(16), '../x', 'a b', '-x', 'a/b', '.', 'eth0;x']) {
      await assert.rejects(ensureBridge(bad), (e: unknown) => e instanceof WasmdriverError && e.kind === 'invalid', bad);
    }
    const br = fresh();
    await assert.rejects(ensureBridge(br, { mtu: 10 }), /invalid mtu/);
    await assert.rejects(ensureBridge(br, { addresses: ['10.0.0.1'] }), /missing "\/prefix"/);
    await assert.rejects(ensureBridge(br, { addresses: ['10.0.0.1/24 dev lo'] }), /invalid address/);
    assert.equal(await getLink(br), undefined);
  });

  it('rolls back a bridge it created when configuration fails', async () => {
    const br = fresh();
    // The parser accepts a multicast address; the kernel refuses it as a
    // local address, after the bridge and its first address were made.
    await assert.rejects(ensureBridge(br, { addresses: ['10.234.0.1/24', 'ff02::1/64'] }), (err: unknown) => {
      assert.ok(err instanceof WasmdriverError);
      assert.equal(err.kind, 'system');
      assert.match(err.message, new RegExp(`^failed to configure bridge "${br}": ip address add ff02::1/64 .*; rolled back$`));
      return true;
    });
    assert.equal(await getLink(br), undefined, 'the half-made bridge must be gone');
  });

  it('deleteBridge removes it and is idempotent', async () => {
    const br = fresh();
    await ensureBridge(br, {});
    await deleteBridge(br);
    assert.equal(await getLink(br), undefined);
    await deleteBridge(br);
  });
});
