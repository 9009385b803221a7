import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, isError } from './helpers';

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

describe('VolumeDriver.Create', () => {
  it('creates the data directory the policy names, and Get, List, Path answer for it', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    assert.ok(lstatSync(path.join(f.dataRoot, 'v1')).isDirectory());
    assert.deepEqual(f.policy.calls.map((c) => c.hook), ['admitVolume', 'volumePath']);

    const { Volume } = await f.driver.get({ Name: 'v1' });
    assert.equal(Volume.Name, 'v1');
    assert.match(Volume.CreatedAt ?? '', RFC3339);
    assert.equal(Volume.Mountpoint, undefined, 'an unmounted volume has no mount point');
    assert.deepEqual(Volume.Status, { policy: 'default', tenant: '', path: path.join(f.dataRoot, 'v1'), size: 'unlimited', mounts: 0 });
    assert.deepEqual((await f.driver.list({})).Volumes.map((v) => v.Name), ['v1']);
    assert.deepEqual(await f.driver.path({ Name: 'v1' }), { Mountpoint: '' });
    assert.deepEqual(await f.driver.capabilities({}), { Capabilities: { Scope: 'local' } });
  });

  it('refuses hostile names before any policy call or filesystem access', async (t) => {
    const f = fixture(t);
    for (const Name of ['a/b', '../etc', '..', '/etc', 'a\0b', 'x'.repeat(300), '']) {
      await assert.rejects(f.driver.create({ Name, Opts: {} }), isError('invalid', 'invalid volume name'), JSON.stringify(Name));
      await assert.rejects(f.driver.get({ Name }), isError('invalid', 'invalid volume name'));
      await assert.rejects(f.driver.remove({ Name }), isError('invalid', 'invalid volume name'));
      await assert.rejects(f.driver.mount({ Name, ID: 'c1' }), isError('invalid', 'invalid volume name'));
    }
    assert.equal(f.policy.calls.length, 0);
    assert.equal(existsSync(f.dataRoot), false, 'the data root must not even be created');
    assert.equal(existsSync(f.mountRoot), false);
  });

  it('refuses bad option values before any policy call', async (t) => {
    const f = fixture(t);
    await assert.rejects(f.driver.create({ Name: 'v1', Opts: { size: 'lots' } }), isError('invalid', 'size="lots"'));
    await assert.rejects(f.driver.create({ Name: 'v1', Opts: { mode: '888' } }), isError('invalid', 'mode="888"'));
    await assert.rejects(f.driver.create({ Name: 'v1', Opts: { uid: 'root' } }), isError('invalid', 'uid="root"'));
    assert.equal(f.policy.calls.length, 0);
    await assert.rejects(f.driver.get({ Name: 'v1' }), isError('notFound', 'volume "v1" does not exist'));
  });

  for (const [hostile, why] of [
    ['../../etc', /"\.\." components are not allowed/],
    ['/etc', /absolute paths are not allowed/],
    ['a/../../etc', /"\.\." components/],
    ['ok\0/etc', /NUL/],
    ['', /empty/],
    ['a//b', /empty component/],
  ] as const) {
    it(`never lets a policy path ${JSON.stringify(hostile)} reach the filesystem`, async (t) => {
      const f = fixture(t);
      f.policy.answers.volumePath = () => ({ path: hostile });
      await assert.rejects(f.driver.create({ Name: 'v1', Opts: {} }), isError('policy', why));
      assert.deepEqual(readdirSync(f.dataRoot), [], 'nothing created below the data root');
      assert.equal(existsSync(path.join(f.dir, 'etc')), false, '../../etc from the data root was created');
      assert.deepEqual(readdirSync(f.dir).sort(), ['lib', 'run', 'state']);
      await assert.rejects(f.driver.get({ Name: 'v1' }), isError('notFound', 'does not exist'));
    });
  }

  it('hands the runtime a verify check that names the bad path, for its decision log', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    const verify = f.policy.calls.find((c) => c.hook === 'volumePath')?.ctx?.verify;
    assert.ok(verify);
    assert.match(verify({ path: '../../etc' }) ?? '', /"\.\." components/);
    assert.match(verify({ path: 'v1/inner' }) ?? '', /overlaps the data of volume "v1"/);
    assert.equal(verify({ path: 'v2' }), undefined);
  });

  it('refuses a symlink planted inside the data root, and leaves its target alone', async (t) => {
    const f = fixture(t);
    const outside = path.join(f.dir, 'outside');
    mkdirSync(outside);
    mkdirSync(f.dataRoot, { recursive: true });
    symlinkSync(outside, path.join(f.dataRoot, 'tenant'));
    f.policy.answers.volumePath = (input) => ({ path: `tenant/${String(input.name)}` });
    await assert.rejects(f.driver.create({ Name: 'v1', Opts: {} }), isError('conflict', /tenant".*is a symbolic link/));
    assert.deepEqual(readdirSync(outside), []);
    assert.ok(lstatSync(path.join(f.dataRoot, 'tenant')).isSymbolicLink(), 'the planted link is not ours to delete');
  });

  it('places data in nested policy paths and refuses paths that overlap another volume', async (t) => {
    const f = fixture(t);
    f.policy.answers.volumePath = (input) => ({ path: `blue/${String(input.name)}` });
    await f.driver.create({ Name: 'v1', Opts: {} });
    assert.ok(lstatSync(path.join(f.dataRoot, 'blue', 'v1')).isDirectory());
    f.policy.answers.volumePath = () => ({ path: 'blue/v1/inner' });
    await assert.rejects(f.driver.create({ Name: 'v2', Opts: {} }), isError('conflict', /overlaps the data of volume "v1"/));
    f.policy.answers.volumePath = () => ({ path: 'blue' });
    await assert.rejects(f.driver.create({ Name: 'v3', Opts: {} }), isError('conflict', /overlaps the data of volume "v1"/));
    f.policy.answers.volumePath = () => ({ path: 'blue/v1' });
    await assert.rejects(f.driver.create({ Name: 'v4', Opts: {} }), isError('conflict', /overlaps/));
    assert.deepEqual((await f.driver.list({})).Volumes.map((v) => v.Name), ['v1']);
  });

  it('is idempotent for the same options and a conflict for different ones', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: { mode: '0750' } });
    const { Volume: before } = await f.driver.get({ Name: 'v1' });
    await f.driver.create({ Name: 'v1', Opts: { mode: '0750' } });
    assert.deepEqual((await f.driver.get({ Name: 'v1' })).Volume, before, 'a repeated Create changes nothing');
    await assert.rejects(
      f.driver.create({ Name: 'v1', Opts: { mode: '0700' } }),
      isError('conflict', 'volume "v1" already exists with mode=0750, not mode=0700'),
    );
    await assert.rejects(f.driver.create({ Name: 'v1', Opts: {} }), isError('conflict', 'not no options'));
    assert.equal(f.policy.calls.filter((c) => c.hook === 'volumePath').length, 1, 'repeats never ask the policy again');
  });

  it('applies mode and owner to the volume root', async (t) => {
    const f = fixture(t);
    const uid = process.getuid!();
    const gid = process.getgid!();
    await f.driver.create({ Name: 'v1', Opts: { mode: '1770', uid: String(uid), gid: String(gid) } });
    const st = statSync(path.join(f.dataRoot, 'v1'));
    assert.equal(st.mode & 0o7777, 0o1770);
    assert.equal(st.uid, uid);
    assert.equal(st.gid, gid);
    const { Volume } = await f.driver.get({ Name: 'v1' });
    assert.deepEqual(Volume.Status, { policy: 'default', tenant: '', path: path.join(f.dataRoot, 'v1'), size: 'unlimited', uid, gid, mode: '01770', mounts: 0 });
  });

  it('turns an admitVolume refusal into a denied error carrying the policy\'s reason', async (t) => {
    const f = fixture(t);
    f.policy.answers.admitVolume = () => ({ allow: false, reason: 'tenant blue is over its 2 volume quota' });
    await assert.rejects(
      f.driver.create({ Name: 'v1', Opts: { tenant: 'blue' } }),
      isError('denied', 'policy "default" refused volume "v1": tenant blue is over its 2 volume quota'),
    );
    assert.deepEqual(readdirSync(f.dir).sort(), ['state'], 'a refused volume touches no directory');
  });

  it('refuses unknown options unless the policy accepts them', async (t) => {
    const f = fixture(t);
    await assert.rejects(
      f.driver.create({ Name: 'v1', Opts: { backup: 'daily', tier: 'gold' } }),
      isError('invalid', 'unknown volume options "backup", "tier": wasmvol understands size, uid, gid, mode, policy, tenant'),
    );
    f.policy.answers.admitVolume = () => ({ allow: true, acceptOptions: ['backup'] });
    await assert.rejects(f.driver.create({ Name: 'v1', Opts: { backup: 'daily', tier: 'gold' } }), isError('invalid', 'unknown volume option "tier"'));
    await f.driver.create({ Name: 'v1', Opts: { backup: 'daily' } });
    const admit = f.policy.calls.at(-2)!;
    assert.equal(admit.hook, 'admitVolume');
    assert.deepEqual(admit.input, { name: 'v1', options: { backup: 'daily' }, sizeBytes: 0, unknownOptions: ['backup'] });
  });

  it('selects policy and tenant from the options, stores them, and tells the policy the tenant\'s usage', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'b1', Opts: { tenant: 'blue', size: '8M' } });
    await f.driver.create({ Name: 'r1', Opts: { tenant: 'red' } });
    await f.driver.create({ Name: 'b2', Opts: { tenant: 'blue', policy: 'strict', size: '16M' } });
    const admits = f.policy.calls.filter((c) => c.hook === 'admitVolume');
    assert.deepEqual(admits.map((c) => c.ctx?.scope?.tenantVolumes), [
      { count: 0, bytes: 0 },
      { count: 0, bytes: 0 },
      { count: 1, bytes: 8 * 1024 ** 2 },
    ]);
    assert.deepEqual(admits[2]!.choice, { policy: 'strict', tenant: 'blue' });
    assert.equal(admits[2]!.input.sizeBytes, 16 * 1024 ** 2);
    const { Volume } = await f.driver.get({ Name: 'b2' });
    assert.equal(Volume.Status?.policy, 'strict');
    assert.equal(Volume.Status?.tenant, 'blue');
    assert.equal(Volume.Status?.size, '16M');
    assert.equal(Volume.Status?.sizeBytes, 16 * 1024 ** 2);
    await assert.rejects(f.driver.create({ Name: 'x', Opts: { policy: 'nope' } }), isError('invalid', 'unknown policy "nope"'));
  });

  it('creates a size-limited volume as an image inside its data directory', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: { size: '8M' } });
    const image = path.join(f.dataRoot, 'v1', 'volume.img');
    assert.equal(statSync(image).size, 8 * 1024 ** 2);
    assert.deepEqual(f.ops.log, [`mkfs ${image} ${8 * 1024 ** 2}`]);
    assert.equal((await f.driver.get({ Name: 'v1' })).Volume.Status?.image, image);
  });

  it('sets owner and mode inside the image through a temporary mount it always removes', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: { size: '8M', mode: '0700' } });
    const image = path.join(f.dataRoot, 'v1', 'volume.img');
    const target = path.join(f.mountRoot, 'v1');
    assert.deepEqual(f.ops.log.slice(1), [`loop ${image} ${target}`, `umount ${target}`]);
    assert.equal(f.ops.mounts.size, 0);
  });

  it('rolls back what it created when a step fails', async (t) => {
    const f = fixture(t);
    f.ops.failNextMount = true;
    await assert.rejects(f.driver.create({ Name: 'v1', Opts: { size: '8M', mode: '0700' } }), isError('system', /injected; rolled back$/));
    assert.deepEqual(readdirSync(f.dataRoot), [], 'data directory and image are gone');
    await assert.rejects(f.driver.get({ Name: 'v1' }), isError('notFound', 'does not exist'));
    await f.driver.create({ Name: 'v1', Opts: { size: '8M', mode: '0700' } });
  });

  it('adopts a directory left by a crash before the commit, and never deletes it on rollback', async (t) => {
    const f = fixture(t);
    mkdirSync(path.join(f.dataRoot, 'v1'), { recursive: true });
    f.ops.failNextMount = true;
    await assert.rejects(f.driver.create({ Name: 'v1', Opts: { size: '8M', mode: '0700' } }), /rolled back/);
    assert.deepEqual(readdirSync(path.join(f.dataRoot, 'v1')), [], 'the image we made is removed, the directory kept');
  });

  it('answers Get and List from the database after a restart, before any other call', async (t) => {
    const f = fixture(t);
    await f.driver.create({ Name: 'v1', Opts: {} });
    await f.driver.create({ Name: 'v2', Opts: { size: '8M' } });
    const before = await f.driver.list({});
    const driver = f.restart();
    assert.deepEqual(await driver.get({ Name: 'v2' }), { Volume: before.Volumes[1] });
    assert.deepEqual(await driver.list({}), before);
  });
});
