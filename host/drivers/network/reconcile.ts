// Start-up reconciliation: the kernel is brought back in line with the
// state. Our orphans (links carrying our alias that the state does not
// know, e.g. after a crash between kernel work and commit) are removed;
// stored networks whose bridge vanished (a reboot, an operator's `ip link
// del`) are rebuilt and the surviving veths of their endpoints put back on
// them, so running containers reconnect; endpoints whose veth vanished are
// reported and rebuilt at their next Join.
import { errorMessage } from '../../errors';
import type { Logger } from '../../logging';
import type { StateStore } from '../../state/store';
import type { NetworkRecord } from '../../state/networks';
import type { NetworkLinux } from './linux-port';

export interface NetworkReconcileReport {
  removedOrphans: string[];
  repairedNetworks: string[];
  reattachedEndpointLinks: string[];
  missingEndpointLinks: string[];
  failures: string[];
}

export async function reconcileNetworks(
  deps: { store: StateStore; linux: NetworkLinux; logger: Logger },
  applyNetwork: (net: NetworkRecord) => Promise<void>,
): Promise<NetworkReconcileReport> {
  const { store, linux, logger } = deps;
  const report: NetworkReconcileReport = { removedOrphans: [], repairedNetworks: [], reattachedEndpointLinks: [], missingEndpointLinks: [], failures: [] };
  const networks = store.networks.list();
  const endpoints = store.endpoints.list();
  const knownBridges = new Set(networks.map((n) => n.bridgeName));
  const knownVeths = new Set(endpoints.map((e) => e.hostIfname).filter((n): n is string => n !== null));

  const owned = await linux.listOwnedLinks();
  for (const link of owned) {
    const known = link.owner.startsWith('net:') ? knownBridges.has(link.name) : knownVeths.has(link.name);
    if (known) continue;
    try {
      if (link.owner.startsWith('net:')) {
        await linux.removeNetworkRules({ bridge: link.name });
        await linux.deleteBridge(link.name);
      } else {
        await linux.deleteLink(link.name);
      }
      report.removedOrphans.push(link.name);
    } catch (err) {
      report.failures.push(`remove orphan "${link.name}": ${errorMessage(err)}`);
    }
  }

  const present = new Set(owned.map((l) => l.name));
  for (const net of networks) {
    const wasPresent = present.has(net.bridgeName);
    try {
      // Idempotent: converges rules and addresses even when the bridge is there.
      await applyNetwork(net);
    } catch (err) {
      report.failures.push(`restore network ${net.networkId.slice(0, 12)} (bridge "${net.bridgeName}"): ${errorMessage(err)}`);
      continue;
    }
    if (wasPresent) continue;
    report.repairedNetworks.push(net.bridgeName);
    for (const ep of endpoints) {
      if (ep.networkId !== net.networkId || !ep.hostIfname || !present.has(ep.hostIfname)) continue;
      try {
        if (await linux.reattachToBridge(ep.hostIfname, net.bridgeName, net.mtu ?? undefined)) report.reattachedEndpointLinks.push(ep.hostIfname);
      } catch (err) {
        report.failures.push(`reattach endpoint ${ep.endpointId.slice(0, 12)} ("${ep.hostIfname}") to bridge "${net.bridgeName}": ${errorMessage(err)}`);
      }
    }
  }
  for (const ep of endpoints) {
    if (ep.hostIfname && !present.has(ep.hostIfname)) report.missingEndpointLinks.push(ep.hostIfname);
  }

  const level = report.failures.length > 0 ? 'error' : 'info';
  logger[level]({ reconcile: report }, 'network state reconciled with the kernel');
  return report;
}
