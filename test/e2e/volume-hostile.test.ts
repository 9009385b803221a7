// Hostile input to wasmvol: names and policy paths that try to leave the
// data root, and symlinks planted by a container, never reach or change
// anything outside it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { setupE2E, TEST_LABEL, type E2EEnv } from '../helpers/e2e-env';
import { buildFixturePolicyDir, type FixturePolicyDir } from '../helpers/policy-fixtures';
import { e2eSkipReason } from '../helpers/tiers';
import { callWasmvol } from './volume-socket';

// Policies whose volumePath returns "../../etc" and an absolute path (test/fixtures/policies).
const HOSTILE_POLICIES = ['hostile-volume-path', 'absolute-volume-path'];

function snapshotEtc(): string {
  return readdirSync('/etc').sort().join('\n') + readFileSync('/etc/passwd', 'utf8');
}

describe('wasmvol under hostile input', { skip: e2eSkipReason() }, () => {
  let env: E2EEnv;
  let dataRoot: string;
  let etcBefore: string;
  let ref: string | undefined;
  let policies: FixturePolicyDir | undefined;
  const etcMode = statSync('/etc').mode & 0o777;
  const dataRootEntries = () => readdirSync(dataRoot).sort();

  before(async () => {
    policies = await buildFixturePolicyDir(HOSTILE_POLICIES);
    etcBefore = snapshotEtc();
    env = await setupE2E({ policyDir: policies.dir });
    // A well-behaved volume shows where the data root is (default policy: path = name).
    ref = `${env.prefix}-ref`;
    await env.docker(['volume', 'create', '-d', 'wasmvol', ref]);
    const dataPath = JSON.parse((await env.docker(['volume', 'inspect', '-f', '{{json .Status.path}}', ref])).stdout) as string;
    dataRoot = path.dirname(dataPath);
  });
  after(async () => {
    if (ref) await env.docker(['volume', 'rm', ref], { allowFailure: true });
    await env?.cleanup();
    await policies?.remove();
    if (etcBefore !== undefined) assert.equal(snapshotEtc(), etcBefore, '/etc changed during the hostile tests');
  });

  it('refuses names with "/", "..", or over 255 characters from the docker CLI, before touching the data root', async () => {
    const before = dataRootEntries();
    for (const name of [`${env.prefix}/../../etc`, `${env.prefix}/x`, '..', `../${env.prefix}`, `${env.prefix}${'x'.repeat(300)}`]) {
      const r = await env.docker(['volume', 'create', '-d', 'wasmvol', name], { allowFailure: true });
      assert.notEqual(r.code, 0, `docker volume create ${JSON.stringify(name)} succeeded`);
      assert.match(r.stderr, /invalid volume name/, `unexpected error for ${JSON.stringify(name)}: ${r.stderr}`);
    }
    assert.deepEqual(dataRootEntries(), before);
    assert.equal(existsSync(path.resolve(dataRoot, '../../etc', 'x')), false);
  });

  it('refuses a NUL byte or a traversal in a name sent straight to the socket', async () => {
    const before = dataRootEntries();
    for (const Name of [`${env.prefix}\u0000x`, '../../etc', '/etc', `${env.prefix}/..`]) {
      for (const method of ['VolumeDriver.Create', 'VolumeDriver.Get', 'VolumeDriver.Remove', 'VolumeDriver.Path']) {
        const res = await callWasmvol(method, { Name, Opts: {} });
        assert.equal(res.status, 500, `${method} ${JSON.stringify(Name)}: ${res.body}`);
        assert.match(String(res.json().Err), /invalid volume name/);
      }
      const mount = await callWasmvol('VolumeDriver.Mount', { Name, ID: 'x' });
      assert.match(String(mount.json().Err), /invalid volume name/);
    }
    assert.deepEqual(dataRootEntries(), before);
  });

  for (const policy of HOSTILE_POLICIES) {
    it(`refuses the data path chosen by policy "${policy}" and creates nothing`, async () => {
      const before = dataRootEntries();
      const escapeTarget = path.resolve(dataRoot, '../../etc');
      const escapeExisted = existsSync(escapeTarget);
      const name = `${env.prefix}-${policy}`;
      const r = await env.docker(['volume', 'create', '-d', 'wasmvol', '-o', `policy=${policy}`, name], { allowFailure: true });
      assert.notEqual(r.code, 0, `a volume placed by ${policy} was created`);
      assert.match(r.stderr, new RegExp(`policy "${policy}"`));
      assert.match(r.stderr, /volume path/);
      assert.deepEqual(dataRootEntries(), before);
      assert.equal(existsSync(escapeTarget), escapeExisted, `${escapeTarget} appeared`);
      assert.equal((await env.docker(['volume', 'ls', '-q', '--filter', `name=${name}`])).stdout.trim(), '');
    });
  }

  it('refuses a volume whose data directory was replaced by a symlink planted in the data root', async () => {
    const name = `${env.prefix}-trap`;
    const trap = path.join(dataRoot, name);
    symlinkSync('/etc', trap);
    try {
      const r = await env.docker(['volume', 'create', '-d', 'wasmvol', '-o', 'mode=0777', name], { allowFailure: true });
      assert.notEqual(r.code, 0, 'a volume was created through a symlink to /etc');
      assert.match(r.stderr, /symbolic link/);
      assert.equal(statSync('/etc').mode & 0o777, etcMode, 'the mode meant for the volume reached /etc');
    } finally {
      unlinkSync(trap);
    }
  });

  it('a symlink planted by a container is neither followed by Remove nor by a later Mount', async () => {
    const v = `${env.prefix}-planted`;
    await env.docker(['volume', 'create', '-d', 'wasmvol', v]);
    const dataPath = JSON.parse((await env.docker(['volume', 'inspect', '-f', '{{json .Status.path}}', v])).stdout) as string;
    await env.docker(['run', '--rm', '--label', TEST_LABEL, '-v', `${v}:/data`, env.image, 'sh', '-c', 'ln -s /etc /data/etc && ln -s /etc/passwd /data/passwd']);
    assert.ok(lstatSync(path.join(dataPath, 'etc')).isSymbolicLink());
    // Mounting again bind-mounts the directory itself; the link stays a link to the container's own /etc.
    const seen = await env.docker(['run', '--rm', '--label', TEST_LABEL, '-v', `${v}:/data`, env.image, 'sh', '-c', 'readlink /data/etc']);
    assert.equal(seen.stdout.trim(), '/etc');
    await env.docker(['volume', 'rm', v]);
    assert.equal(existsSync(dataPath), false);
    assert.ok(lstatSync('/etc/passwd').isFile(), '/etc/passwd survived the removal');
  });
});
