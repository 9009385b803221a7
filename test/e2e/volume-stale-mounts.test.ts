// dockerd can skip VolumeDriver.Unmount (here: wasmdriver is down when the
// container stops). The mount ID then outlives its container and keeps the
// volume mounted and unremovable, until the operator (or the daemon's own
// periodic sweep) releases mount IDs of volumes no running container uses.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupE2E, type E2EEnv } from '../helpers/e2e-env';
import { e2eSkipReason } from '../helpers/tiers';
import { isMountpoint } from '../helpers/mounts';
import { run } from '../helpers/run';
import { WASMDRIVER_BIN } from '../helpers/wasmdriver-process';


describe('stale volume mounts', { skip: e2eSkipReason() }, () => {
  let env: E2EEnv;
  /** Where wasmvol mounted a volume in use (as dockerd reports it). */
  const mountpointOf = async (volume: string) => {
    const mountpoint = (await env.docker(['volume', 'inspect', '-f', '{{.Mountpoint}}', volume])).stdout.trim();
    assert.notEqual(mountpoint, '', `wasmvol reports no mount point for ${volume}, which a container uses`);
    return mountpoint;
  };
  before(async () => {
    env = await setupE2E();
  });
  after(async () => {
    await env?.cleanup();
  });

  it('releases the mount of a volume whose Unmount dockerd never delivered, so it can be removed', async () => {
    const volume = `${env.prefix}-stale`;
    const container = `${env.prefix}-stalec`;
    try {
      await env.docker(['volume', 'create', '-d', 'wasmvol', volume]);
      await env.runDetached(['--name', container, '-v', `${volume}:/data`]);
      const mountpoint = await mountpointOf(volume);
      assert.ok(await isMountpoint(mountpoint), 'the volume is not mounted while its container runs');

      // The container stops while wasmdriver is down: dockerd retries, then gives up on Unmount.
      await env.daemon.kill9();
      try {
        await env.docker(['rm', '-f', container], { timeout: 120_000 });
      } finally {
        await env.daemon.restart();
      }
      const refused = await env.docker(['volume', 'rm', volume], { allowFailure: true });
      assert.notEqual(refused.code, 0, 'a volume with a live mount ID was removed');
      assert.match(refused.stderr, /mount/i);

      // A young mount ID is kept by default (a container may be starting); --grace 0 says none is.
      const kept = await run([process.execPath, WASMDRIVER_BIN, 'volumes', 'release-stale', '--json']);
      assert.deepEqual((JSON.parse(kept.stdout) as { released: string[] }).released, []);
      const released = await run([process.execPath, WASMDRIVER_BIN, 'volumes', 'release-stale', '--grace', '0']);
      assert.match(released.stdout, new RegExp(`^released ${volume}/[0-9a-f]+$`, 'm'));
      assert.equal(await isMountpoint(mountpoint), false, 'the released volume is still mounted');
      await env.docker(['volume', 'rm', volume]);
    } finally {
      await env.docker(['rm', '-f', container], { allowFailure: true });
      await env.docker(['volume', 'rm', '-f', volume], { allowFailure: true });
    }
  });

  it('keeps the mount IDs of volumes that running containers use', async () => {
    const volume = `${env.prefix}-busy`;
    const container = `${env.prefix}-busyc`;
    try {
      await env.docker(['volume', 'create', '-d', 'wasmvol', volume]);
      await env.runDetached(['--name', container, '-v', `${volume}:/data`]);
      const r = await run([process.execPath, WASMDRIVER_BIN, 'volumes', 'release-stale', '--grace', '0', '--json']);
      const result = JSON.parse(r.stdout) as { released: string[]; volumesInUse: string[] };
      assert.deepEqual(result.released, []);
      assert.ok(result.volumesInUse.includes(volume), r.stdout);
      assert.ok(await isMountpoint(await mountpointOf(volume)));
      await env.docker(['exec', container, 'sh', '-c', 'echo still-here > /data/f && cat /data/f']);
    } finally {
      await env.docker(['rm', '-f', container], { allowFailure: true });
      await env.docker(['volume', 'rm', '-f', volume], { allowFailure: true });
    }
  });
});
