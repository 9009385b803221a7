// wasmvol through a real dockerd: data shared between containers, refcounted
// mounts, size limits enforced by the kernel.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setupE2E, TEST_LABEL, type E2EEnv } from '../helpers/e2e-env';
import { e2eSkipReason } from '../helpers/tiers';
import { isMountpoint } from '../helpers/mounts';

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

describe('wasmvol volumes through dockerd', { skip: e2eSkipReason() }, () => {
  let env: E2EEnv;
  let v1: string;

  const runOnce = (args: string[], script: string, allowFailure = false) =>
    env.docker(['run', '--rm', '--label', TEST_LABEL, ...args, env.image, 'sh', '-c', script], { allowFailure });

  before(async () => {
    env = await setupE2E();
    v1 = `${env.prefix}-v1`;
  });
  after(async () => {
    await env?.cleanup();
  });

  it('keeps data written by one container for the next, and lists and inspects the volume', async () => {
    await env.docker(['volume', 'create', '-d', 'wasmvol', v1]);
    await runOnce(['-v', `${v1}:/data`], 'echo hello-from-first > /data/greeting');
    const read = await runOnce(['-v', `${v1}:/data`], 'cat /data/greeting');
    assert.equal(read.stdout.trim(), 'hello-from-first');

    const ls = await env.docker(['volume', 'ls', '--filter', `name=${v1}`, '--format', '{{.Driver}} {{.Name}}']);
    assert.equal(ls.stdout.trim(), `wasmvol ${v1}`);
    const [info] = JSON.parse((await env.docker(['volume', 'inspect', v1])).stdout) as Array<Record<string, unknown>>;
    assert.equal(info?.Driver, 'wasmvol');
    assert.match(String(info?.CreatedAt), RFC3339);
    const status = info?.Status as Record<string, unknown>;
    assert.equal(status.policy, 'default');
    assert.match(String(status.path), new RegExp(`/${v1}$`));
  });

  it('repeating `docker volume create` of an existing volume keeps its data', async () => {
    await env.docker(['volume', 'create', '-d', 'wasmvol', v1]);
    assert.equal((await runOnce(['-v', `${v1}:/data`], 'cat /data/greeting')).stdout.trim(), 'hello-from-first');
  });

  it('keeps a volume mounted while any container uses it, and unmounts it after the last', async () => {
    const a = await env.runDetached(['-v', `${v1}:/data`]);
    const b = await env.runDetached(['-v', `${v1}:/data`]);
    const mountpoint = (await env.docker(['volume', 'inspect', '-f', '{{.Mountpoint}}', v1])).stdout.trim();
    assert.notEqual(mountpoint, '', 'a volume in use reports its mount point');
    assert.ok(await isMountpoint(mountpoint), `${mountpoint} is not in /proc/self/mountinfo while two containers use it`);

    await env.docker(['rm', '-f', a]);
    assert.ok(await isMountpoint(mountpoint), 'stopping one container unmounted the volume under the other');
    await env.docker(['exec', b, 'sh', '-c', 'echo still-writable > /data/after && cat /data/greeting']);
    assert.equal((await env.docker(['exec', b, 'cat', '/data/after'])).stdout.trim(), 'still-writable');

    await env.docker(['rm', '-f', b]);
    assert.equal(await isMountpoint(mountpoint), false, 'the last container is gone but the volume is still mounted');
    assert.equal((await runOnce(['-v', `${v1}:/data`], 'cat /data/after')).stdout.trim(), 'still-writable');
  });

  it('refuses to remove a volume in use, then removes it with its data', async () => {
    const c = await env.runDetached(['-v', `${v1}:/data`]);
    const busy = await env.docker(['volume', 'rm', v1], { allowFailure: true });
    assert.notEqual(busy.code, 0);
    assert.match(busy.stderr, /in use/);
    await env.docker(['rm', '-f', c]);
    const dataPath = JSON.parse((await env.docker(['volume', 'inspect', '-f', '{{json .Status.path}}', v1])).stdout) as string;
    await env.docker(['volume', 'rm', v1]);
    assert.equal((await env.docker(['volume', 'ls', '-q', '--filter', `name=${v1}`])).stdout.trim(), '');
    await assert.rejects(readFile(`${dataPath}/greeting`), { code: 'ENOENT' });
  });

  it('fails a write beyond -o size=8M with "No space left" inside the container', async () => {
    const small = `${env.prefix}-small`;
    try {
      await env.docker(['volume', 'create', '-d', 'wasmvol', '-o', 'size=8M', small]);
      const r = await runOnce(['-v', `${small}:/data`], 'dd if=/dev/zero of=/data/big bs=1M count=16 conv=fsync', true);
      assert.notEqual(r.code, 0, `dd of 16 MB into an 8 MB volume succeeded: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /No space left/);
      const df = await runOnce(['-v', `${small}:/data`], 'df -k /data | tail -1');
      const totalKb = Number(df.stdout.trim().split(/\s+/)[1]);
      assert.ok(totalKb > 0 && totalKb <= 8 * 1024, `the volume's filesystem is ${totalKb} KiB, not at most 8 MiB`);
    } finally {
      await env.docker(['volume', 'rm', small], { allowFailure: true });
    }
  });

  it('applies uid, gid and mode to the volume root', async () => {
    const owned = `${env.prefix}-owned`;
    const sized = `${env.prefix}-owned-sized`;
    try {
      await env.docker(['volume', 'create', '-d', 'wasmvol', '-o', 'uid=1234', '-o', 'gid=2345', '-o', 'mode=0750', owned]);
      await env.docker(['volume', 'create', '-d', 'wasmvol', '-o', 'size=8M', '-o', 'uid=1234', '-o', 'mode=1777', sized]);
      // Mounted where the image has no directory: Docker copies an image
      // directory's owner and mode onto an empty volume, hiding ours.
      const r = await runOnce(['-v', `${owned}:/owned`, '-v', `${sized}:/sized`], 'stat -c "%u %g %a" /owned /sized');
      assert.equal(r.stdout, '1234 2345 750\n1234 0 1777\n');
    } finally {
      await env.docker(['volume', 'rm', owned, sized], { allowFailure: true });
    }
  });

  it('shows option errors and unknown options in docker output', async () => {
    const bad = `${env.prefix}-bad`;
    const size = await env.docker(['volume', 'create', '-d', 'wasmvol', '-o', 'size=lots', bad], { allowFailure: true });
    assert.notEqual(size.code, 0);
    assert.match(size.stderr, /invalid volume option size="lots"/);
    const unknown = await env.docker(['volume', 'create', '-d', 'wasmvol', '-o', 'colour=blue', bad], { allowFailure: true });
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /unknown volume option "colour"/);
    assert.equal((await env.docker(['volume', 'ls', '-q', '--filter', `name=${bad}`])).stdout.trim(), '');
  });
});
