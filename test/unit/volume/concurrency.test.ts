import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture } from './helpers';

describe('concurrent requests', () => {
  it('parallel Mounts of one volume mount it once; parallel Unmounts unmount it once, at the end', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const answers = await Promise.all(ids.map((ID) => f.driver.mount({ Name: 'v1', ID })));
    assert.equal(new Set(answers.map((a) => a.Mountpoint)).size, 1);
    assert.equal(f.ops.log.filter((l) => l.startsWith('bind ')).length, 1);
    assert.equal((await f.driver.get({ Name: 'v1' })).Volume.Status?.mounts, 20);
    await Promise.all(ids.slice(1).map((ID) => f.driver.unmount({ Name: 'v1', ID })));
    assert.ok(f.ops.mounts.has(path.join(f.mountRoot, 'v1')), 'c0 still holds it');
    await f.driver.unmount({ Name: 'v1', ID: 'c0' });
    assert.equal(f.ops.mounts.size, 0);
  });

  it('parallel Creates of one name make one volume and agree', async (t) => {
    const f = fixture(t);
    await Promise.all(Array.from({ length: 5 }, () => f.driver.create({ Name: 'v1', Opts: { mode: '0700' } })));
    assert.equal(f.policy.calls.filter((c) => c.hook === 'volumePath').length, 1);
    assert.deepEqual(readdirSync(f.dataRoot), ['v1']);
  });

  it('a Create losing a race for the same data path never deletes the winner\'s data', async (t) => {
    const f = fixture(t);
    f.policy.answers.volumePath = () => ({ path: 'shared' });
    const results = await Promise.allSettled([f.driver.create({ Name: 'a', Opts: {} }), f.driver.create({ Name: 'b', Opts: {} })]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.match(String(lost.reason), /overlaps the data of volume/);
    assert.ok(existsSync(path.join(f.dataRoot, 'shared')), 'the winner\'s data directory survived');
    assert.equal((await f.driver.list({})).Volumes.length, 1);
  });

  it('Remove waits for a Mount in flight and then refuses', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    const [mounted, removed] = await Promise.allSettled([f.driver.mount({ Name: 'v1', ID: 'c1' }), f.driver.remove({ Name: 'v1' })]);
    assert.equal(mounted.status, 'fulfilled');
    assert.equal(removed.status, 'rejected');
    assert.ok(existsSync(path.join(f.dataRoot, 'v1')));
  });
});
