// wasmvol surviving crashes: kill -9 of wasmdriver while a container uses a
// volume, and a dockerd restart, lose no volume and no data.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupE2E, type E2EEnv } from '../helpers/e2e-env';
import { run } from '../helpers/run';
import { e2eSkipReason } from '../helpers/tiers';
import { isMountpoint } from '../helpers/mounts';

describe('wasmvol across crashes and restarts', { skip: e2eSkipReason() }, () => {
  let env: E2EEnv;
  let names: string[];
  const listed = async () =>
    (await env.docker(['volume', 'ls', '--filter', 'driver=wasmvol', '--format', '{{.Name}}'])).stdout
      .split('\n')
      .filter((n) => n.startsWith(env.prefix))
      .sort();

  before(async () => {
    env = await setupE2E();
    names = ['a', 'b', 'c'].map((s) => `${env.prefix}-${s}`).sort();
  });
  after(async () => {
    await env?.cleanup();
  });

  it('a container keeps its volume data through kill -9 of wasmdriver, and Mount/Unmount work afterwards', async () => {
    for (const n of names) await env.docker(['volume', 'create', '-d', 'wasmvol', ...(n.endsWith('-b') ? ['-o', 'size=8M'] : []), n]);
    const [a, b] = names as [string, string];
    const holder = await env.runDetached(['-v', `${a}:/data`, '-v', `${b}:/sized`]);
    await env.docker(['exec', holder, 'sh', '-c', 'echo before-crash > /data/f && echo sized > /sized/f']);
    const mountpoint = (await env.docker(['volume', 'inspect', '-f', '{{.Mountpoint}}', a])).stdout.trim();

    await env.daemon.kill9();
    assert.equal((await env.docker(['exec', holder, 'cat', '/data/f'])).stdout.trim(), 'before-crash');
    await env.docker(['exec', holder, 'sh', '-c', 'echo during-crash >> /data/f']);
    // A volume mount of the daemon on the default state directory (this one
    // runs on its own): reconciliation must not take it for a stray of its own.
    const foreign = `/run/wasmdriver/mounts/${env.prefix}-foreign`;
    const source = await mkdtemp(join(tmpdir(), 'wasmdriver-foreign-'));
    await mkdir(foreign, { recursive: true });
    await run(['mount', '--bind', source, foreign]);
    try {
      await env.daemon.restart();
      assert.ok(await isMountpoint(foreign), "the restart unmounted a volume mount of another state directory's daemon");
    } finally {
      await run(['umount', foreign], { allowFailure: true });
      await rmdir(foreign).catch(() => {});
      await rm(source, { recursive: true, force: true });
    }

    assert.deepEqual(await listed(), names, 'every volume is listed after the restart');
    assert.ok(await isMountpoint(mountpoint), 'the restart unmounted a volume a running container holds');
    assert.equal((await env.docker(['exec', holder, 'cat', '/data/f'])).stdout, 'before-crash\nduring-crash\n');

    const second = await env.runDetached(['-v', `${a}:/data`]);
    assert.equal((await env.docker(['exec', second, 'cat', '/data/f'])).stdout, 'before-crash\nduring-crash\n');
    await env.docker(['rm', '-f', second]);
    assert.ok(await isMountpoint(mountpoint), 'the first container still holds the volume');
    await env.docker(['rm', '-f', holder]);
    assert.equal(await isMountpoint(mountpoint), false, 'the last Unmount after the restart did not unmount');
  });

  it('no volume vanishes across a dockerd restart, and their data is intact', async (t) => {
    if (!env.engine.startedByUs) {
      t.skip('the dockerd in use was not started by this test run, so it is not restarted');
      for (const n of names) await env.docker(['volume', 'rm', n]);
      return;
    }
    await env.engine.restart();
    assert.deepEqual(await listed(), names);
    const r = await env.docker(['run', '--rm', '--label', 'io.wasmdriver.test=1', '-v', `${names[0]}:/data`, '-v', `${names[1]}:/sized`, env.image, 'cat', '/data/f', '/sized/f']);
    assert.equal(r.stdout, 'before-crash\nduring-crash\nsized\n');
    for (const n of names) await env.docker(['volume', 'rm', n]);
    assert.deepEqual(await listed(), []);
  });
});
