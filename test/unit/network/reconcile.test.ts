// Start-up reconciliation against a recording fake kernel: orphans carrying
// our alias go, a stored network whose bridge vanished is rebuilt and its
// surviving veths are put back on it, vanished veths are only reported.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { openStateStore, type StateStore } from '../../../host/state/store';
import { reconcileNetworks } from '../../../host/drivers/network/reconcile';
import type { NetworkLinux } from '../../../host/drivers/network/linux-port';
import type { OwnedLink } from '../../../host/linux/link-ownership';
import type { NetworkRecord } from '../../../host/state/networks';
import { tempStateDir } from '../state/temp-state-dir';

const NET = 'a'.repeat(64);

function fakeLinux(owned: OwnedLink[], existing: Set<string>): { linux: NetworkLinux; calls: string[] } {
  const calls: string[] = [];
  const rec = (what: string) => async () => { calls.push(what); };
  const linux: NetworkLinux = {
    ensureBridge: async (name) => { calls.push(`ensureBridge ${name}`); existing.add(name); },
    deleteBridge: async (name) => { calls.push(`deleteBridge ${name}`); },
    ensureNetworkRules: async (r) => { calls.push(`ensureNetworkRules ${r.bridge}`); },
    removeNetworkRules: async (r) => { calls.push(`removeNetworkRules ${r.bridge}`); },
    ensureForwarding: rec('ensureForwarding'),
    createVethPair: async () => { throw new Error('reconciliation must not create veths'); },
    deleteLink: async (name) => { calls.push(`deleteLink ${name}`); },
    linkExists: async (name) => existing.has(name),
    reattachToBridge: async (name, bridge, mtu) => { calls.push(`reattach ${name} ${bridge} ${mtu}`); return existing.has(name); },
    markOwned: async (name, owner) => { calls.push(`markOwned ${name} ${owner}`); },
    listOwnedLinks: async () => owned,
  };
  return { linux, calls };
}

function seed(t: TestContext): StateStore {
  const store = openStateStore(tempStateDir(t), { durability: 'normal' });
  t.after(() => store.close());
  store.networks.insert({
    networkId: NET, options: {}, ipv4Data: [{ AddressSpace: '', Pool: '10.1.0.0/24', Gateway: '10.1.0.1/24', AuxAddresses: {} }], ipv6Data: [],
    bridgeName: 'br-aaaa', policy: 'default', tenant: null, internal: false, mtu: 1450,
  });
  for (const [id, veth] of [['1', 'vetha'], ['2', 'vethb']]) {
    store.endpoints.insert({ networkId: NET, endpointId: id!.repeat(64), ipv4Cidr: null, ipv6Cidr: null, mac: null, hostIfname: veth!, srcName: `${veth}p`, dstPrefix: 'eth' });
  }
  return store;
}

const logger = pino({ level: 'silent' });

describe('reconcileNetworks', () => {
  it('removes orphans, rebuilds a vanished bridge and reattaches its surviving veths', async (t) => {
    const store = seed(t);
    // The bridge is gone; vetha survived (released from it), vethb vanished.
    const owned = [
      { name: 'vetha', owner: 'ep:111111111111' },
      { name: 'orphv', owner: 'ep:999999999999' },
      { name: 'orphb', owner: 'net:999999999999' },
    ];
    const { linux, calls } = fakeLinux(owned, new Set(['vetha', 'orphv', 'orphb']));
    const applied: string[] = [];
    const report = await reconcileNetworks({ store, linux, logger }, async (net: NetworkRecord) => { applied.push(net.bridgeName); });
    assert.deepEqual(report, {
      removedOrphans: ['orphv', 'orphb'],
      repairedNetworks: ['br-aaaa'],
      reattachedEndpointLinks: ['vetha'],
      missingEndpointLinks: ['vethb'],
      failures: [],
    });
    assert.deepEqual(applied, ['br-aaaa']);
    assert.deepEqual(calls, ['deleteLink orphv', 'removeNetworkRules orphb', 'deleteBridge orphb', 'reattach vetha br-aaaa 1450']);
  });

  it('leaves the ports of a bridge that is still there alone, and reports a failed repair without stopping', async (t) => {
    const store = seed(t);
    const owned = [{ name: 'br-aaaa', owner: `net:${NET.slice(0, 12)}` }, { name: 'vetha', owner: 'ep:111111111111' }];
    const { linux, calls } = fakeLinux(owned, new Set(['br-aaaa', 'vetha']));
    const report = await reconcileNetworks({ store, linux, logger }, async () => {});
    assert.deepEqual(report.repairedNetworks, []);
    assert.deepEqual(report.reattachedEndpointLinks, []);
    assert.deepEqual(calls, []);

    const failing = await reconcileNetworks({ store, linux, logger }, async () => { throw new Error('iptables is gone'); });
    assert.deepEqual(failing.failures, ['restore network aaaaaaaaaaaa (bridge "br-aaaa"): iptables is gone']);
  });
});
