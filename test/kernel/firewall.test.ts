// Isolation and NAT, verified two ways: by the exact rules installed, and by
// TCP probes that only ever travel between this file's own namespaces.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ensureBridge } from '../../host/linux/bridge';
import { createVethPair, deleteLink } from '../../host/linux/veth';
import { Firewall, type NetworkRules } from '../../host/linux/firewall';
import { readTable } from '../../host/linux/iptables';
import { ensureForwarding, readSysctl } from '../../host/linux/sysctl';
import { run } from '../../host/linux/exec';
import { listLinks } from '../../host/linux/links';
import { assertKernelReady } from '../helpers/kernel';
import { createNetns, deleteNetns, plugIntoNetns, uniqueName } from '../helpers/netns';
import { tcpProbe } from '../helpers/probe';

const fw = new Firewall({ prefix: `WDK${randomBytes(3).toString('hex')}` });
// A random /16-ish slice of 10.0.0.0/8 so parallel runs do not collide.
const o = 100 + Math.floor(Math.random() * 100);
const netA: NetworkRules = { bridge: uniqueName('A'), subnets: [`10.${o}.1.0/24`, `fd00:${o}:1::/64`], internal: false };
const netB: NetworkRules = { bridge: uniqueName('B'), subnets: [`10.${o}.2.0/24`], internal: false };
const netI: NetworkRules = { bridge: uniqueName('I'), subnets: [`10.${o}.3.0/24`], internal: true };
const nets = [netA, netB, netI];
const links: string[] = nets.map((n) => n.bridge);
const namespaces: string[] = [];

/** Creates a namespace plugged into `net` with host number `host`. */
async function endpoint(net: NetworkRules, index: number, host: number): Promise<{ ns: string; ip: string; ip6: string }> {
  const ns = uniqueName('n');
  const hostEnd = uniqueName('h');
  const peer = uniqueName('p');
  namespaces.push(ns);
  links.push(hostEnd);
  await createNetns(ns);
  await createVethPair(hostEnd, peer, { bridge: net.bridge });
  const ip = `10.${o}.${index}.${host}`;
  const ip6 = `fd00:${o}:${index}::${host}`;
  await plugIntoNetns(peer, ns, { address: `${ip}/24`, gateway: `10.${o}.${index}.1`, address6: `${ip6}/64` });
  return { ns, ip, ip6 };
}

type Endpoint = { ns: string; ip: string; ip6: string };
let a1: Endpoint;
let a2: Endpoint;
let b1: Endpoint;
let i1: Endpoint;

before(async () => {
  await assertKernelReady(['netns', 'bridge', 'veth', 'iptables', 'ip6tables']);
  // Routing between bridges must be on, or "isolated" would be trivially true.
  // Left on afterwards: it is what the daemon (and dockerd) sets anyway.
  await ensureForwarding({ ipv4: true });
  assert.equal(await readSysctl(['net', 'ipv4', 'ip_forward']), '1');
  await ensureBridge(netA.bridge, { addresses: [`10.${o}.1.1/24`, `fd00:${o}:1::1/64`] });
  await ensureBridge(netB.bridge, { addresses: [`10.${o}.2.1/24`] });
  await ensureBridge(netI.bridge, { addresses: [`10.${o}.3.1/24`] });
  a1 = await endpoint(netA, 1, 11);
  a2 = await endpoint(netA, 1, 12);
  b1 = await endpoint(netB, 2, 11);
  i1 = await endpoint(netI, 3, 11);
  for (const n of nets) await fw.ensureNetworkRules(n);
});

after(async () => {
  const errors: unknown[] = [];
  const attempt = async (fn: () => Promise<unknown>) => fn().catch((e) => errors.push(e));
  for (const n of nets) await attempt(() => fw.removeNetworkRules(n));
  await attempt(() => fw.removeBase());
  for (const ns of namespaces) await attempt(() => deleteNetns(ns));
  for (const l of links) await attempt(() => deleteLink(l));
  assert.deepEqual(errors, [], 'teardown failed');
  const leftLinks = (await listLinks()).filter((l) => links.includes(l.name)).map((l) => l.name);
  assert.deepEqual(leftLinks, [], 'links left behind');
  for (const family of [4, 6] as const) {
    for (const table of ['filter', 'nat'] as const) {
      const dump = await readTable(family, table);
      const ours = [...dump.chains, ...dump.rules].filter((l) => l.includes(fw.prefix));
      assert.deepEqual(ours, [], `iptables v${family} ${table} still mentions ${fw.prefix}`);
    }
  }
});

/** Packets counted by the rule of `chain` that drops traffic into `bridge`. */
async function dropCount(chain: string, bridge: string): Promise<number> {
  const { stdout } = await run(['iptables', '-w', '5', '-v', '-S', chain]);
  const line = stdout.split('\n').find((l) => l.includes(`-o ${bridge} `) && l.includes(`${fw.prefix}:${bridge}`) && l.endsWith('-j DROP'));
  assert.ok(line, `no drop rule for ${bridge} in ${chain}`);
  return Number(/ -c (\d+) /.exec(line)?.[1]);
}

describe('firewall: traffic between our own namespaces', () => {
  it('lets two endpoints on the same network talk', async () => {
    const r = await tcpProbe(a1.ns, a2.ns, a2.ip);
    assert.equal(r.reachable, true, r.detail);
  });

  it('lets them talk over IPv6 too (bridged frames may traverse ip6tables FORWARD)', async () => {
    const r = await tcpProbe(a1.ns, a2.ns, a2.ip6);
    assert.equal(r.reachable, true, r.detail);
  });

  it('isolates two of our networks from each other, in both directions', async () => {
    // Control: the endpoint in B answers (the host reaches it without forwarding).
    assert.equal((await tcpProbe(null, b1.ns, b1.ip)).reachable, true, 'control: host -> B must work');
    const before = await dropCount(fw.isolationChain, netB.bridge);
    const ab = await tcpProbe(a1.ns, b1.ns, b1.ip, 7777, 800);
    assert.equal(ab.reachable, false, `A -> B must be dropped, got: ${ab.detail}`);
    assert.ok((await dropCount(fw.isolationChain, netB.bridge)) > before, 'the isolation rule for B did the dropping');
    const ba = await tcpProbe(b1.ns, a1.ns, a1.ip, 7777, 800);
    assert.equal(ba.reachable, false, `B -> A must be dropped, got: ${ba.detail}`);
  });

  it('gives an internal network no way in or out', async () => {
    assert.equal((await tcpProbe(null, i1.ns, i1.ip)).reachable, true, 'control: host -> internal must work');
    assert.equal((await tcpProbe(i1.ns, a1.ns, a1.ip, 7777, 800)).reachable, false, 'internal -> A');
    assert.equal((await tcpProbe(a1.ns, i1.ns, i1.ip, 7777, 800)).reachable, false, 'A -> internal');
  });
});

describe('firewall: rules', () => {
  it('masquerades a non-internal network leaving through other interfaces, per family', async () => {
    const rules = await fw.listNetworkRules(netA.bridge);
    const nat = rules.filter((r) => r.table === 'nat').map((r) => `${r.family} ${r.rule}`);
    const tag = `-m comment --comment "${fw.prefix}:${netA.bridge}"`;
    assert.deepEqual(nat, [
      `4 -A ${fw.postroutingChain} -s 10.${o}.1.0/24 ! -o ${netA.bridge} ${tag} -j MASQUERADE`,
      `6 -A ${fw.postroutingChain} -s fd00:${o}:1::/64 ! -o ${netA.bridge} ${tag} -j MASQUERADE`,
    ]);
    const filter4 = rules.filter((r) => r.table === 'filter' && r.family === 4).map((r) => r.rule);
    assert.ok(filter4.includes(`-A ${fw.forwardChain} -i ${netA.bridge} ! -o ${netA.bridge} ${tag} -j ACCEPT`));
    assert.ok(
      filter4.includes(`-A ${fw.forwardChain} -o ${netA.bridge} -m conntrack --ctstate RELATED,ESTABLISHED ${tag} -j ACCEPT`),
    );
    // The chains are reached from the built-in ones.
    assert.ok((await readTable(4, 'nat')).rules.includes(`-A POSTROUTING -j ${fw.postroutingChain}`));
    assert.ok((await readTable(4, 'filter')).rules.includes(`-A FORWARD -j ${fw.forwardChain}`));
  });

  it('gives an internal network no masquerade and no outbound accept', async () => {
    const rules = await fw.listNetworkRules(netI.bridge);
    assert.deepEqual(rules.filter((r) => r.table === 'nat'), []);
    const f = rules.filter((r) => r.family === 4).map((r) => r.rule);
    assert.ok(!f.some((r) => r.includes(`! -o ${netI.bridge}`) && r.endsWith('-j ACCEPT')), 'no outbound accept');
    assert.ok(!f.some((r) => r.includes('RELATED,ESTABLISHED')), 'no reply accept');
    assert.ok(f.some((r) => r.includes(`-i ${netI.bridge} ! -o ${netI.bridge}`) && r.endsWith('-j DROP')));
  });

  it('is idempotent and repairs a missing rule in place', async () => {
    const expected = await fw.listNetworkRules(netB.bridge);
    await fw.ensureNetworkRules(netB);
    assert.deepEqual(await fw.listNetworkRules(netB.bridge), expected);
    const victim = expected.find((r) => r.table === 'filter' && r.family === 4 && r.rule.includes(fw.isolationChain + ' '));
    assert.ok(victim);
    await run(['iptables', '-w', '5', '-D', ...splitRule(victim.rule.slice(3))]);
    assert.notDeepEqual(await fw.listNetworkRules(netB.bridge), expected);
    await fw.ensureNetworkRules(netB);
    assert.deepEqual(await fw.listNetworkRules(netB.bridge), expected);
  });

  it('removes one network without touching the others, idempotently', async () => {
    const n: NetworkRules = { bridge: uniqueName('R'), subnets: [`10.${o}.9.0/24`], internal: false };
    await fw.ensureNetworkRules(n);
    assert.ok((await fw.listNetworkRules(n.bridge)).length > 0);
    const othersBefore = await fw.listNetworkRules(netA.bridge);
    await assert.rejects(fw.removeBase(), /networks still have rules/);
    await fw.removeNetworkRules(n);
    await fw.removeNetworkRules(n);
    assert.deepEqual(await fw.listNetworkRules(n.bridge), []);
    assert.deepEqual(await fw.listNetworkRules(netA.bridge), othersBefore);
    assert.deepEqual((await fw.listNetworkBridges()).sort(), nets.map((x) => x.bridge).sort());
  });
});

// `-S` prints the comment quoted; iptables takes it unquoted as one argv item.
function splitRule(rule: string): string[] {
  return (rule.match(/"[^"]*"|\S+/g) ?? []).map((t) => t.replace(/^"(.*)"$/, '$1'));
}
