// What `docker network create -d wasmnet` options do on the host: dual-stack
// ULA networks, --internal (no way out) versus NAT, MTU, an operator-chosen
// bridge name; and what one container start costs on the plugin side.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers/run';
import { setupE2E, type E2EEnv } from '../helpers/e2e-env';
import { e2eSkipReason } from '../helpers/tiers';
import { bridgeOf, createNetwork, hostLink, ip6Of, ipOf, networkId, ownerAlias, pings, pluginTime, portsOf, rulesOf } from './network-helpers';

describe('wasmnet network options through dockerd', { skip: e2eSkipReason() }, () => {
  let env: E2EEnv;

  before(async () => {
    env = await setupE2E();
  });
  after(async () => {
    await env?.cleanup();
  });

  it('gives containers on an --ipv6 ULA network both addresses, and they reach each other over IPv6', async () => {
    const net = `${env.prefix}-v6`;
    const [a, b] = ['a', 'b'].map((s) => `${env.prefix}-v6${s}`) as [string, string];
    try {
      await createNetwork(env, net, ['--ipv6', '--subnet', '10.81.0.0/24', '--subnet', 'fd81:6d6e::/64']);
      await env.runDetached(['--name', a, '--network', net]);
      await env.runDetached(['--name', b, '--network', net]);
      assert.equal(await ipOf(env, a, net), '10.81.0.2');
      assert.equal(await ip6Of(env, a, net), 'fd81:6d6e::2');
      const v6b = await ip6Of(env, b, net);
      assert.equal(v6b, 'fd81:6d6e::3');
      const addrs = (await env.docker(['exec', a, 'ip', '-o', 'addr', 'show', 'dev', 'eth0'])).stdout;
      assert.match(addrs, /inet 10\.81\.0\.2\/24/);
      assert.match(addrs, /inet6 fd81:6d6e::2\/64 scope global/);
      assert.match((await env.docker(['exec', a, 'ip', '-6', 'route'])).stdout, /^default via fd81:6d6e::1 dev eth0/m);
      // Control first: the gateway on the bridge answers over v6, so the probe itself works.
      assert.ok(await pings(env, a, 'fd81:6d6e::1', 6), 'a container cannot reach its IPv6 gateway');
      assert.ok(await pings(env, a, v6b, 6), 'a container cannot reach its peer over IPv6');
      assert.ok(await pings(env, b, await ipOf(env, a, net)), 'the peers do not reach each other over IPv4');
      const bridge = await bridgeOf(env, net);
      assert.deepEqual(await rulesOf(bridge, 6, 'nat'), [`-A WASMDRIVER-POSTROUTING -s fd81:6d6e::/64 ! -o ${bridge} -m comment --comment "WASMDRIVER:${bridge}" -j MASQUERADE`]);
    } finally {
      await env.docker(['rm', '-f', a, b], { allowFailure: true });
      await env.docker(['network', 'rm', net], { allowFailure: true });
    }
  });

  it('NATs a normal network out, and gives an --internal one no route and no way out', async () => {
    const open = `${env.prefix}-open`;
    const closed = `${env.prefix}-int`;
    const c = `${env.prefix}-intc`;
    try {
      await createNetwork(env, open, ['--subnet', '10.82.0.0/24']);
      await createNetwork(env, closed, ['--internal', '--subnet', '10.83.0.0/24']);
      const ob = await bridgeOf(env, open);
      const ib = await bridgeOf(env, closed);
      assert.deepEqual(await rulesOf(ob, 4, 'nat'), [`-A WASMDRIVER-POSTROUTING -s 10.82.0.0/24 ! -o ${ob} -m comment --comment "WASMDRIVER:${ob}" -j MASQUERADE`]);
      assert.ok((await rulesOf(ob, 4, 'filter')).includes(`-A WASMDRIVER-FORWARD -i ${ob} ! -o ${ob} -m comment --comment "WASMDRIVER:${ob}" -j ACCEPT`));

      assert.deepEqual(await rulesOf(ib, 4, 'nat'), [], 'an internal network must not be masqueraded');
      const filter = await rulesOf(ib, 4, 'filter');
      assert.ok(filter.includes(`-A WASMDRIVER-FORWARD -i ${ib} ! -o ${ib} -m comment --comment "WASMDRIVER:${ib}" -j DROP`), filter.join('\n'));
      assert.ok(!filter.some((r) => r.includes(`-i ${ib} ! -o ${ib}`) && r.endsWith('-j ACCEPT')), filter.join('\n'));

      await env.runDetached(['--name', c, '--network', closed]);
      const routes = (await env.docker(['exec', c, 'ip', 'route'])).stdout;
      assert.doesNotMatch(routes, /^default/m, `an internal network's container has a default route:\n${routes}`);
      assert.match(routes, /^10\.83\.0\.0\/24 dev eth0/m);
      // The bridge still answers inside the network; only the way out is shut.
      assert.ok(await pings(env, c, '10.83.0.1'));
    } finally {
      await env.docker(['rm', '-f', c], { allowFailure: true });
      await env.docker(['network', 'rm', open, closed], { allowFailure: true });
    }
  });

  it('applies com.docker.network.driver.mtu to the bridge and both ends of every endpoint', async () => {
    const net = `${env.prefix}-mtu`;
    const c = `${env.prefix}-mtuc`;
    try {
      await createNetwork(env, net, ['--subnet', '10.84.0.0/24', '-o', 'com.docker.network.driver.mtu=1400']);
      const bridge = await bridgeOf(env, net);
      await env.runDetached(['--name', c, '--network', net]);
      assert.equal((await hostLink(bridge))?.mtu, 1400);
      const ports = await portsOf(bridge);
      assert.equal(ports.length, 1);
      assert.equal(ports[0]!.mtu, 1400);
      assert.match((await env.docker(['exec', c, 'ip', 'link', 'show', 'eth0'])).stdout, / mtu 1400 /);
      assert.ok(await pings(env, c, '10.84.0.1'));
    } finally {
      await env.docker(['rm', '-f', c], { allowFailure: true });
      await env.docker(['network', 'rm', net], { allowFailure: true });
    }
  });

  it('names the bridge after com.docker.network.bridge.name, and removes it with the network', async () => {
    const net = `${env.prefix}-named`;
    const bridge = `${env.prefix}br`;
    const c = `${env.prefix}-namedc`;
    try {
      await createNetwork(env, net, ['--subnet', '10.85.0.0/24', '-o', `com.docker.network.bridge.name=${bridge}`]);
      const link = await hostLink(bridge);
      assert.equal(link?.linkinfo?.info_kind, 'bridge');
      assert.match((await run(['ip', '-o', '-4', 'addr', 'show', 'dev', bridge])).stdout, /inet 10\.85\.0\.1\/24/);
      await env.runDetached(['--name', c, '--network', net]);
      assert.equal((await portsOf(bridge)).length, 1, 'the endpoint is not attached to the named bridge');
      assert.ok(await pings(env, c, '10.85.0.1'));
      await env.docker(['rm', '-f', c]);
      await env.docker(['network', 'rm', net]);
      assert.equal(await hostLink(bridge), undefined, 'the named bridge outlived its network');
      assert.deepEqual(await rulesOf(bridge, 4, 'filter'), []);
    } finally {
      await env.docker(['rm', '-f', c], { allowFailure: true });
      await env.docker(['network', 'rm', net], { allowFailure: true });
    }
  });

  it('re-creates a network with the same bridge name, in one daemon lifetime, and removes it again', async () => {
    // Fixed bridge names come back: nothing may remember the first bridge's
    // interface index (a long-lived `ip -batch` resolves names once and caches them).
    const bridge = `${env.prefix}rb`;
    const net = `${env.prefix}-again`;
    const c = `${env.prefix}-againc`;
    try {
      for (const round of [1, 2]) {
        await createNetwork(env, net, ['--subnet', '10.96.0.0/24', '-o', `com.docker.network.bridge.name=${bridge}`]);
        await env.runDetached(['--name', c, '--network', net]);
        assert.equal((await portsOf(bridge)).length, 1, `round ${round}: the endpoint is not on the bridge`);
        assert.equal((await hostLink(bridge))?.ifalias, ownerAlias(env, `net:${(await networkId(env, net)).slice(0, 12)}`), `round ${round}: the bridge is not marked as ours`);
        assert.ok(await pings(env, c, '10.96.0.1'), `round ${round}: no connectivity`);
        await env.docker(['rm', '-f', c]);
        await env.docker(['network', 'rm', net]);
        assert.equal(await hostLink(bridge), undefined, `round ${round}: the bridge outlived its network`);
      }
    } finally {
      await env.docker(['rm', '-f', c], { allowFailure: true });
      await env.docker(['network', 'rm', net], { allowFailure: true });
    }
  });

  it('measures the plugin-side cost of one container start and removal', async (t) => {
    const net = `${env.prefix}-speed`;
    const rounds = 8;
    const starts: number[] = [];
    const stops: number[] = [];
    const perCall = new Map<string, number[]>();
    const perHook = new Map<string, number[]>();
    try {
      await createNetwork(env, net, ['--subnet', '10.86.0.0/24']);
      // One warm-up start: the first call of each hook instantiates the policy.
      await env.docker(['rm', '-f', await env.runDetached(['--network', net])]);
      for (let i = 0; i < rounds; i++) {
        let mark = env.daemon.lines.length;
        const id = await env.runDetached(['--network', net]);
        const start = pluginTime(env, mark);
        starts.push(start.totalMs);
        for (const [call, ms] of start.calls) perCall.set(call, [...(perCall.get(call) ?? []), ms]);
        for (const [hook, ms] of start.hooks) perHook.set(hook, [...(perHook.get(hook) ?? []), ms]);
        mark = env.daemon.lines.length;
        await env.docker(['rm', '-f', id]);
        stops.push(pluginTime(env, mark).totalMs);
      }
    } finally {
      await env.docker(['network', 'rm', net], { allowFailure: true });
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    t.diagnostic(`plugin ms per docker run (sum over its wasmnet calls): median ${median(starts)}, all ${starts.join(' ')}`);
    t.diagnostic(`plugin ms per docker rm -f: median ${median(stops)}, all ${stops.join(' ')}`);
    for (const [call, ms] of perCall) t.diagnostic(`  ${call}: median ${median(ms)} ms over ${ms.length} calls`);
    for (const [hook, ms] of perHook) t.diagnostic(`  policy hook ${hook}: median ${median(ms).toFixed(2)} ms in the guest`);
    // No timing assertion (shared, loaded machines); the numbers are for the report.
    assert.equal(starts.length, rounds);
  });
});
