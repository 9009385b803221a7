// Foundation e2e: a real dockerd discovers both plugin sockets in
// /run/docker/plugins and activates them, and the daemon's socket
// ownership rules hold.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { useDockerEngine, type DockerEngine } from '../helpers/dockerd';
import { WasmdriverProcess } from '../helpers/wasmdriver-process';
import { e2eSkipReason } from '../helpers/tiers';

describe('plugin activation through dockerd', { skip: e2eSkipReason() }, () => {
  let engine: DockerEngine;
  let daemon: WasmdriverProcess;

  before(async () => {
    engine = await useDockerEngine();
    daemon = await WasmdriverProcess.start();
  });

  after(async () => {
    await daemon?.dispose();
    await engine?.stop();
  });

  it('dockerd activates wasmnet and wasmvol from their sockets', async () => {
    // Listing volumes makes dockerd activate every plugin socket it finds.
    await engine.docker(['volume', 'ls']);
    assert.ok(daemon.requests('wasmvol').includes('/VolumeDriver.List'), 'dockerd did not list wasmvol volumes');
    if (!engine.startedByUs && !daemon.requests('wasmnet').includes('/Plugin.Activate')) {
      // A dockerd that outlives wasmdriver keeps plugins it activated before
      // and never activates them again; it must still reach both sockets.
      const name = `wdt-activation-${process.pid}`;
      await engine.docker(['network', 'create', '-d', 'wasmnet', '--ipam-driver', 'wasmnet', '--subnet', '10.79.0.0/24', name]);
      await engine.docker(['network', 'rm', name]);
      assert.ok(daemon.requests('wasmnet').includes('/NetworkDriver.CreateNetwork'), 'dockerd did not reach wasmnet.sock');
      return;
    }
    assert.ok(daemon.requests('wasmnet').includes('/Plugin.Activate'), 'wasmnet.sock saw no /Plugin.Activate');
    assert.ok(daemon.requests('wasmvol').includes('/Plugin.Activate'), 'wasmvol.sock saw no /Plugin.Activate');
  });

  it('a second instance refuses to take the live sockets', async () => {
    await assert.rejects(WasmdriverProcess.start(), /another process is already serving "\/run\/docker\/plugins\/wasmnet\.sock"/);
    // The first instance still answers through dockerd.
    await engine.docker(['volume', 'ls']);
  });

  it('a clean stop removes both sockets, and a crash leaves a stale socket that the next start replaces', async () => {
    await daemon.stop();
    assert.equal(existsSync('/run/docker/plugins/wasmnet.sock'), false);
    assert.equal(existsSync('/run/docker/plugins/wasmvol.sock'), false);

    await daemon.restart();
    await daemon.kill9();
    assert.equal(existsSync('/run/docker/plugins/wasmnet.sock'), true, 'a SIGKILLed daemon cannot remove its socket');
    await daemon.restart();
    assert.ok(daemon.lines.some((l) => l.msg === 'replaced a stale socket left by an earlier crash'));
    await engine.docker(['volume', 'ls']);
  });
});
