// wasmnet surviving crashes and restarts: kill -9 of wasmdriver, a bridge
// deleted by hand while it was down (plus orphans carrying our alias), and
// a dockerd restart. "Survives" means: running containers keep (or regain)
// connectivity, new containers start with addresses that clash with none,
// nothing is leaked (the lowest address is free again once all are gone,
// no stray veth on the bridge) and `docker network rm` works afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { run, waitFor } from '../helpers/run';
import { setupE2E, type E2EEnv } from '../helpers/e2e-env';
import { e2eSkipReason } from '../helpers/tiers';
import { bridgeOf, createNetwork, hostLink, ipOf, ownerAlias, pings, pingsWithin, portsOf, rulesOf } from './network-helpers';

function daemonAlive(env: E2EEnv): boolean {
  const pid = env.daemon.pid;
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Brings wasmdriver back if a test left it down, so cleanup can reach the plugin. */
async function ensureDaemonUp(env: E2EEnv): Promise<void> {
  if (!daemonAlive(env)) await env.daemon.restart();
}

/** After every container on `net` is gone: the pool's lowest address is free again, and no veth is left on the bridge. */
async function assertNothingLeaked(env: E2EEnv, net: string, bridge: string, lowest: string): Promise<void> {
  assert.deepEqual((await portsOf(bridge)).map((l) => l.ifname), [], `veths left on ${bridge}`);
  const probe = await env.runDetached(['--network', net]);
  try {
    assert.equal(await ipOf(env, probe, net), lowest, 'an address of a removed container was never released');
  } finally {
    await env.docker(['rm', '-f', probe]);
  }
}

async function removeNetworkAndCheck(env: E2EEnv, net: string, bridge: string): Promise<void> {
  await env.docker(['network', 'rm', net]);
  assert.equal(await hostLink(bridge), undefined, `bridge ${bridge} outlived its network`);
  assert.deepEqual(await rulesOf(bridge, 4, 'filter'), [], `firewall rules of ${bridge} outlived its network`);
}

describe('wasmnet across crashes and restarts', { skip: e2eSkipReason() }, () => {
  let env: E2EEnv;

  before(async () => {
    env = await setupE2E();
  });
  after(async () => {
    if (env) await ensureDaemonUp(env);
    await env?.cleanup();
  });

  it('kill -9 of wasmdriver: running containers keep talking, new ones start, the network is removed after them', async () => {
    const net = `${env.prefix}-crash`;
    const [a, b, c] = ['a', 'b', 'c'].map((s) => `${env.prefix}-crash${s}`) as [string, string, string];
    try {
      await createNetwork(env, net, ['--subnet', '10.87.0.0/24']);
      const bridge = await bridgeOf(env, net);
      await env.runDetached(['--name', a, '--network', net]);
      await env.runDetached(['--name', b, '--network', net]);
      const [ipA, ipB] = [await ipOf(env, a, net), await ipOf(env, b, net)];

      await env.daemon.kill9();
      try {
        // The data path is the kernel's: nothing stops while the daemon is down.
        assert.ok(await pings(env, a, ipB), 'connectivity depends on the daemon running');
      } finally {
        await env.daemon.restart();
      }

      assert.ok(await pings(env, a, ipB), 'a cannot reach b after the restart');
      assert.ok(await pings(env, b, a), 'b cannot reach a by name after the restart');
      await env.runDetached(['--name', c, '--network', net]);
      const ipC = await ipOf(env, c, net);
      assert.ok(![ipA, ipB].includes(ipC), `the new container got ${ipC}, an address already in use (state lost in the crash)`);
      assert.ok(await pings(env, c, ipA), 'a container started after the restart cannot reach an older one');
      assert.ok(await pings(env, a, c));

      await env.docker(['rm', '-f', a, b, c]);
      await assertNothingLeaked(env, net, bridge, '10.87.0.2');
      await removeNetworkAndCheck(env, net, bridge);
    } finally {
      await ensureDaemonUp(env);
      await env.docker(['rm', '-f', a, b, c], { allowFailure: true });
      await env.docker(['network', 'rm', net], { allowFailure: true });
    }
  });

  it('start-up reconciliation rebuilds a bridge deleted while wasmdriver was down and removes orphans carrying our alias', async () => {
    const net = `${env.prefix}-gone`;
    const [a, b, c] = ['a', 'b', 'c'].map((s) => `${env.prefix}-gone${s}`) as [string, string, string];
    // Orphans as a crash between kernel work and commit leaves them, a link
    // of somebody else's, and one marked by another wasmdriver instance
    // (another state directory) that this one must leave alone.
    const orphanBridge = `${env.prefix}ob`;
    const orphanLink = `${env.prefix}ol`;
    const foreign = `${env.prefix}keep`;
    const otherInstance = `${env.prefix}oi`;
    try {
      await createNetwork(env, net, ['--subnet', '10.88.0.0/24', '-o', 'com.docker.network.driver.mtu=1450']);
      const bridge = await bridgeOf(env, net);
      await env.runDetached(['--name', a, '--network', net]);
      await env.runDetached(['--name', b, '--network', net]);
      const ipB = await ipOf(env, b, net);
      const ports = (await portsOf(bridge)).map((l) => l.ifname).sort();
      assert.equal(ports.length, 2);

      await env.daemon.kill9();
      try {
        await run(['ip', 'link', 'del', 'dev', bridge]);
        await run(['ip', 'link', 'add', 'name', orphanBridge, 'type', 'bridge']);
        await run(['ip', 'link', 'set', 'dev', orphanBridge, 'alias', ownerAlias(env, 'net:0123456789ab')]);
        await run(['ip', 'link', 'add', 'name', orphanLink, 'type', 'veth', 'peer', 'name', `${orphanLink}p`]);
        await run(['ip', 'link', 'set', 'dev', orphanLink, 'alias', ownerAlias(env, 'ep:0123456789ab')]);
        await run(['ip', 'link', 'add', 'name', foreign, 'type', 'bridge']);
        await run(['ip', 'link', 'add', 'name', otherInstance, 'type', 'bridge']);
        await run(['ip', 'link', 'set', 'dev', otherInstance, 'alias', 'wasmdriver:0123456789:net:0123456789ab']);
        // Control: the breakage is real, the containers lost each other with the bridge.
        assert.equal(await pings(env, a, ipB), false, 'containers still reach each other without their bridge');
      } finally {
        await env.daemon.restart();
      }

      const link = await hostLink(bridge);
      assert.equal(link?.linkinfo?.info_kind, 'bridge', 'the vanished bridge was not rebuilt');
      assert.equal(link?.mtu, 1450);
      assert.match((await run(['ip', '-o', '-4', 'addr', 'show', 'dev', bridge])).stdout, /inet 10\.88\.0\.1\/24/);
      assert.deepEqual((await portsOf(bridge)).map((l) => l.ifname).sort(), ports, 'the surviving veths were not put back on the bridge');
      assert.equal((await rulesOf(bridge, 4, 'nat')).length, 1, 'the NAT rule was not restored');
      assert.ok(await pingsWithin(env, a, ipB), 'running containers did not reconnect');
      assert.ok(await pingsWithin(env, a, '10.88.0.1'), 'the gateway is not back');
      await env.runDetached(['--name', c, '--network', net]);
      assert.ok(await pings(env, c, a), 'a new container cannot reach an old one');

      assert.equal(await hostLink(orphanBridge), undefined, 'an orphan bridge carrying our alias survived reconciliation');
      assert.equal(await hostLink(orphanLink), undefined, 'an orphan link carrying our alias survived reconciliation');
      assert.equal(await hostLink(`${orphanLink}p`), undefined, 'the peer of an orphan veth survived reconciliation');
      assert.ok(await hostLink(foreign), 'reconciliation removed a link that is not ours');
      assert.ok(await hostLink(otherInstance), "reconciliation removed another wasmdriver instance's link");
      const report = env.daemon.lines.filter((l) => l.msg === 'network state reconciled with the kernel').at(-1)?.reconcile as Record<string, string[]> | undefined;
      assert.ok(report, 'no reconciliation report in the log');
      assert.ok(report.repairedNetworks?.includes(bridge), JSON.stringify(report));
      assert.deepEqual([...(report.removedOrphans ?? [])].sort(), [orphanBridge, orphanLink].sort(), JSON.stringify(report));
      assert.deepEqual(report.failures, []);

      await env.docker(['rm', '-f', a, b, c]);
      await assertNothingLeaked(env, net, bridge, '10.88.0.2');
      await removeNetworkAndCheck(env, net, bridge);
    } finally {
      await ensureDaemonUp(env);
      await env.docker(['rm', '-f', a, b, c], { allowFailure: true });
      await env.docker(['network', 'rm', net], { allowFailure: true });
      for (const l of [orphanBridge, orphanLink, foreign, otherInstance]) await run(['ip', 'link', 'del', 'dev', l], { allowFailure: true });
    }
  });

  it('dockerd restart: restart-policy containers come back connected, stopped ones start again, nothing leaks', async (t) => {
    if (!env.engine.startedByUs) {
      t.skip('the dockerd in use was not started by this test run, so it is not restarted');
      return;
    }
    const net = `${env.prefix}-eng`;
    const [r1, r2, s, n] = ['r1', 'r2', 's', 'n'].map((x) => `${env.prefix}-eng${x}`) as [string, string, string, string];
    try {
      await createNetwork(env, net, ['--subnet', '10.89.0.0/24']);
      const bridge = await bridgeOf(env, net);
      // r1 and s stop on SIGTERM; r2 (a plain `sleep` as PID 1 ignores it) is
      // killed after dockerd's 10 s stop timeout, the path on which dockerd
      // shuts down without tidying its endpoints first.
      const stoppable = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];
      await env.runDetached(['--name', r1, '--network', net, '--restart', 'always'], stoppable);
      await env.runDetached(['--name', r2, '--network', net, '--restart', 'always']);
      await env.runDetached(['--name', s, '--network', net], stoppable);

      // Without live-restore dockerd stops every container on shutdown (Leave,
      // DeleteEndpoint, ReleaseAddress reach us) and restarts the --restart ones.
      const mark = env.daemon.lines.length;
      await env.engine.restart();
      const running = async (c: string) => (await env.docker(['inspect', '-f', '{{.State.Running}}', c])).stdout.trim() === 'true';
      await waitFor('the --restart always containers to run again', async () => ((await running(r1)) && (await running(r2)) ? true : undefined), 60_000, 250).catch(
        (err: Error) => {
          const failures = env.daemon.lines.slice(mark).filter((l) => l.level >= 50).map((l) => l.msg);
          throw new Error(`${err.message}; wasmdriver errors since the restart: ${JSON.stringify(failures)}`);
        },
      );
      assert.equal(await running(s), false, 'a container without a restart policy came back on its own');

      const ip2 = await ipOf(env, r2, net);
      assert.ok(await pings(env, r1, ip2), 'restarted containers cannot reach each other by IP');
      assert.ok(await pings(env, r2, r1), 'restarted containers cannot reach each other by name');
      await env.docker(['start', s]);
      assert.ok(await pings(env, s, r1), 'a container started again by hand cannot reach a restarted one');
      await env.runDetached(['--name', n, '--network', net]);
      const ips = await Promise.all([r1, r2, s, n].map((c) => ipOf(env, c, net)));
      assert.equal(new Set(ips).size, 4, `address clash after the dockerd restart: ${ips.join(' ')}`);
      assert.ok(await pings(env, n, r2));
      // One veth per running container: the endpoints dockerd dropped at shutdown left nothing behind.
      assert.equal((await portsOf(bridge)).length, 4, 'stale veths of pre-restart endpoints are still on the bridge');

      await env.docker(['rm', '-f', r1, r2, s, n]);
      await assertNothingLeaked(env, net, bridge, '10.89.0.2');
      await removeNetworkAndCheck(env, net, bridge);
    } finally {
      await env.docker(['rm', '-f', r1, r2, s, n], { allowFailure: true });
      await env.docker(['network', 'rm', net], { allowFailure: true });
    }
  });
});
