// wasmnet through a real dockerd: addresses from the default policy,
// connectivity by IP and by name, isolation between networks, parallel
// starts, and policy refusals reaching the docker CLI.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { removeNetwork, setupE2E, type E2EEnv } from '../helpers/e2e-env';
import { e2eSkipReason } from '../helpers/tiers';
import { ipOf, pings } from './network-helpers';

describe('wasmnet network driver and IPAM through dockerd', { skip: e2eSkipReason() }, () => {
  let env: E2EEnv;
  let n1: string;

  before(async () => {
    env = await setupE2E();
    n1 = `${env.prefix}-n1`;
  });
  after(async () => {
    await env?.cleanup();
  });

  it('creates a network with the wasmnet driver and IPAM', async () => {
    await env.docker(['network', 'create', '-d', 'wasmnet', '--ipam-driver', 'wasmnet', '--subnet', '10.77.0.0/24', n1]);
    const r = await env.docker(['network', 'inspect', '-f', '{{.Driver}} {{.IPAM.Driver}} {{(index .IPAM.Config 0).Subnet}}', n1]);
    assert.equal(r.stdout.trim(), 'wasmnet wasmnet 10.77.0.0/24');
  });

  it('gives three containers .2, .3, .4, and they reach each other by IP and by name', async () => {
    const names = ['c1', 'c2', 'c3'].map((c) => `${env.prefix}-${c}`);
    for (const name of names) await env.runDetached(['--name', name, '--network', n1]);
    const ips = await Promise.all(names.map((n) => ipOf(env, n, n1)));
    assert.deepEqual(ips, ['10.77.0.2', '10.77.0.3', '10.77.0.4']);
    // The gateway (.1, on the bridge) is each container's default route.
    const routes = (await env.docker(['exec', names[0]!, 'ip', 'route'])).stdout;
    assert.match(routes, /^default via 10\.77\.0\.1 dev eth0/m);
    assert.ok(await pings(env, names[0]!, ips[1]!), 'c1 cannot ping c2 by IP');
    assert.ok(await pings(env, names[2]!, ips[0]!), 'c3 cannot ping c1 by IP');
    assert.ok(await pings(env, names[0]!, names[2]!), 'c1 cannot ping c3 by name (embedded DNS)');
    await env.docker(['rm', '-f', ...names]);
  });

  it('keeps a second network from reaching n1', async () => {
    const n2 = `${env.prefix}-n2`;
    await env.docker(['network', 'create', '-d', 'wasmnet', '--ipam-driver', 'wasmnet', '--subnet', '10.78.0.0/24', n2]);
    const a = `${env.prefix}-iso-a`;
    const b = `${env.prefix}-iso-b`;
    try {
      await env.runDetached(['--name', a, '--network', n1]);
      await env.runDetached(['--name', b, '--network', n2]);
      const ipA = await ipOf(env, a, n1);
      const ipB = await ipOf(env, b, n2);
      // Control: the probe itself works inside n2.
      assert.ok(await pings(env, b, '10.78.0.1'), 'control failed: a container on n2 cannot reach its own gateway');
      assert.equal(await pings(env, b, ipA), false, 'a container on n2 reached one on n1');
      assert.equal(await pings(env, a, ipB), false, 'a container on n1 reached one on n2');
    } finally {
      await env.docker(['rm', '-f', a, b], { allowFailure: true });
      await env.docker(['network', 'rm', n2], { allowFailure: true });
    }
  });

  it('gives 30 containers started in parallel 30 distinct addresses, all connected', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `${env.prefix}-p${i}`);
    await Promise.all(names.map((name) => env.runDetached(['--name', name, '--network', n1])));
    const ips = await Promise.all(names.map((n) => ipOf(env, n, n1)));
    assert.equal(new Set(ips).size, 30, `duplicate addresses: ${ips.join(' ')}`);
    for (const ip of ips) assert.match(ip, /^10\.77\.0\.\d+$/);
    const unreachable = [];
    for (const ip of ips) if (!(await pings(env, names[0]!, ip))) unreachable.push(ip);
    assert.deepEqual(unreachable, []);
    await env.docker(['rm', '-f', ...names]);
  });

  it('removes the network once its containers are gone', async () => {
    await removeNetwork(env.engine, n1);
    const r = await env.docker(['network', 'ls', '--filter', `name=${n1}`, '--format', '{{.Name}}']);
    assert.equal(r.stdout.trim(), '');
  });
});
