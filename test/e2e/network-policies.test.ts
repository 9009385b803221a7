// Policies chosen per network through dockerd: the shipped examples decide
// addresses (tenant-subpools, by --ipam-opt) and interface names
// (hashed-names, by -o), as `docker inspect` and `ip link` show; a refusal
// and other plugin errors reach the user in the docker CLI's error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPolicy } from '../../guests/compiler/index';
import { REPO_ROOT } from '../helpers/wasmdriver-process';
import { setupE2E, type E2EEnv } from '../helpers/e2e-env';
import { e2eSkipReason } from '../helpers/tiers';
import { run } from '../helpers/run';
import { bridgeOf, createNetwork, hostLink, ipOf, networkId, portsOf } from './network-helpers';

// The examples' documented hashes, restated: the test checks the policies
// against their specification, not against themselves.
function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
function fnv1a64Hex(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

/** tenant-subpools on a /24: usable .1-.254 cut in 4 slices of 63; a tenant starts at .1 + slice * 63. */
function sliceStart(tenant: string): number {
  return 1 + (fnv1a32(tenant) % 4) * 63;
}

describe('wasmnet policies chosen per network', { skip: e2eSkipReason() }, () => {
  let env: E2EEnv;
  let policyDir: string;

  before(async () => {
    // An operator policy directory holding one test policy that refuses every network.
    policyDir = await mkdtemp(join(tmpdir(), 'wasmdriver-policies-'));
    const built = await buildPolicy({ entry: join(REPO_ROOT, 'test/fixtures/policies/deny-network/policy.ts') });
    await writeFile(join(policyDir, 'deny-network.wasm'), built.wasm);
    env = await setupE2E({ policyDir });
  });
  after(async () => {
    try {
      await env?.cleanup();
    } finally {
      if (policyDir) await rm(policyDir, { recursive: true, force: true });
    }
  });

  it('tenant-subpools (--ipam-opt policy=): each tenant takes addresses from its own slice of the pool', async () => {
    // Two tenants in different slices, neither in the first (where the gateway's .1 would hide the offset).
    const tenants = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'wonka'];
    const [t1, t2] = [...new Map(tenants.filter((t) => sliceStart(t) > 1).map((t) => [sliceStart(t), t])).values()] as [string, string];
    assert.ok(t1 && t2, 'no two candidate tenants fall into different non-first slices');
    const made: string[] = [];
    const nets: string[] = [];
    try {
      for (const [i, tenant] of [t1, t2].entries()) {
        const net = `${env.prefix}-ten${i}`;
        await createNetwork(env, net, ['--subnet', `10.91.${i}.0/24`, '--ipam-opt', 'policy=tenant-subpools', '--ipam-opt', `tenant=${tenant}`, '-o', `tenant=${tenant}`]);
        nets.push(net);
        const onBridge = (await run(['ip', '-o', '-4', 'addr', 'show', 'dev', await bridgeOf(env, net)])).stdout;
        assert.match(onBridge, new RegExp(`inet 10\\.91\\.${i}\\.1/24`), 'the gateway does not keep the lowest address');
        const start = sliceStart(tenant);
        for (const k of [0, 1]) {
          const c = `${env.prefix}-ten${i}c${k}`;
          made.push(c);
          await env.runDetached(['--name', c, '--network', net]);
          assert.equal(await ipOf(env, c, net), `10.91.${i}.${start + k}`, `tenant ${tenant}'s container ${k} is outside its slice`);
        }
        // The container sees the same address Docker reports.
        assert.match((await env.docker(['exec', made.at(-1)!, 'ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0'])).stdout, new RegExp(`inet 10\\.91\\.${i}\\.${start + 1}/24`));
      }
    } finally {
      if (made.length > 0) await env.docker(['rm', '-f', ...made], { allowFailure: true });
      if (nets.length > 0) await env.docker(['network', 'rm', ...nets], { allowFailure: true });
    }
  });

  it('hashed-names (-o policy=): the bridge and veth names are hashes of the network and endpoint IDs', async () => {
    const net = `${env.prefix}-hash`;
    const c = `${env.prefix}-hashc`;
    try {
      await createNetwork(env, net, ['--subnet', '10.92.0.0/24', '-o', 'policy=hashed-names']);
      const id = await networkId(env, net);
      const bridge = `wd${fnv1a64Hex(id).slice(0, 13)}`;
      assert.equal((await hostLink(bridge))?.linkinfo?.info_kind, 'bridge', `no bridge ${bridge} on the host`);
      assert.equal(await hostLink(`br-${id.slice(0, 12)}`), undefined, 'the default bridge name was used as well');

      await env.runDetached(['--name', c, '--network', net]);
      const endpoint = (await env.docker(['inspect', '-f', `{{(index .NetworkSettings.Networks "${net}").EndpointID}}`, c])).stdout.trim();
      const digits = fnv1a64Hex(`${id}/${endpoint}`).slice(0, 13);
      assert.deepEqual((await portsOf(bridge)).map((l) => l.ifname), [`wh${digits}`], 'the host end of the veth is not named by the policy');
      // Docker renames the container end (wc<digits>) to the policy's prefix + index.
      assert.match((await env.docker(['exec', c, 'ip', '-o', 'link', 'show', 'eth0'])).stdout, /eth0@/);
      assert.equal(await hostLink(`wc${digits}`), undefined, 'the container end was left in the host namespace');
      await env.docker(['rm', '-f', c]);
      await env.docker(['network', 'rm', net]);
      assert.equal(await hostLink(bridge), undefined);
    } finally {
      await env.docker(['rm', '-f', c], { allowFailure: true });
      await env.docker(['network', 'rm', net], { allowFailure: true });
    }
  });

  it('a policy refusal in admitNetwork reaches `docker network create` with its reason, and nothing is left behind', async () => {
    const net = `${env.prefix}-denied`;
    const r = await env.docker(['network', 'create', '-d', 'wasmnet', '--ipam-driver', 'wasmnet', '--subnet', '10.93.0.0/24', '-o', 'policy=deny-network', '-o', 'tenant=blocked', net], { allowFailure: true });
    assert.notEqual(r.code, 0, 'the network was created despite the refusal');
    assert.match(r.stderr, /policy "deny-network" refused network: tenant "blocked" may not create networks here \(asked for 10\.93\.0\.0\/24\); ask the platform team/);
    assert.equal((await env.docker(['network', 'ls', '-q', '--filter', `name=${net}`])).stdout.trim(), '');
    // Docker released the pool it had requested: the same subnet is free for a network that is admitted.
    const ok = `${env.prefix}-admitted`;
    try {
      await createNetwork(env, ok, ['--subnet', '10.93.0.0/24']);
    } finally {
      await env.docker(['network', 'rm', ok], { allowFailure: true });
    }
  });

  it('invalid driver and IPAM options fail `docker network create` with the plugin\'s explanation', async () => {
    const net = `${env.prefix}-bad`;
    for (const [args, err] of [
      [['-o', 'com.docker.network.driver.mtu=abc'], /invalid option com\.docker\.network\.driver\.mtu="abc": must be an integer from 68 to 65535/],
      [['-o', 'policy=no-such-policy'], /unknown policy "no-such-policy": no no-such-policy\.wasm was loaded/],
      [['--ipam-opt', 'policy=no-such-policy'], /unknown policy "no-such-policy"/],
      [['-o', 'com.docker.network.bridge.name=no/slash'], /invalid option com\.docker\.network\.bridge\.name="no\/slash"/],
      [['-o', 'com.docker.network.bridge.name=lo'], /interface "lo" already exists on this host and does not belong to wasmnet/],
    ] as Array<[string[], RegExp]>) {
      const r = await env.docker(['network', 'create', '-d', 'wasmnet', '--ipam-driver', 'wasmnet', '--subnet', '10.94.0.0/24', ...args, net], { allowFailure: true });
      assert.notEqual(r.code, 0, `network create with ${args.join(' ')} succeeded`);
      assert.match(r.stderr, err);
      assert.equal((await env.docker(['network', 'ls', '-q', '--filter', `name=${net}`])).stdout.trim(), '');
    }
  });
});
