// NetworkDriver: one Linux bridge per network, one veth pair per endpoint,
// names and admission decided by the network's policy. State is written
// before the kernel is touched and removed only after the kernel objects
// are gone, so a crash at any point leaves something reconciliation can
// repair or remove (see reconcile.ts).
import { conflict, denied, notFound, errorMessage } from '../../errors';
import type { Logger } from '../../logging';
import type { NetworkDriver } from '../../protocol/drivers';
import type { PolicyDecider, PolicyChoice } from '../../policy/decider';
import type { StateStore } from '../../state/store';
import type { NetworkRecord } from '../../state/networks';
import type { EndpointRecord } from '../../state/endpoints';
import { cidrsOverlap } from '../../linux/addresses';
import { KeyedLock } from '../keyed-lock';
import type { NetworkLinux } from './linux-port';
import { reconcileNetworks, type NetworkReconcileReport } from './reconcile';
import { macFromIpv4, parseNetworkSpec, type NetworkSpec } from './network-options';
import type { IpamData } from '../../protocol/network-driver';

export interface NetworkDriverDeps {
  store: StateStore;
  policy: PolicyDecider;
  linux: NetworkLinux;
  logger: Logger;
}

/** Alias tags on our links (see linux/link-ownership). */
export const networkOwner = (networkId: string) => `net:${networkId.slice(0, 12)}`;
export const endpointOwner = (endpointId: string) => `ep:${endpointId.slice(0, 12)}`;

/** Subnets, gateways and options of a stored network, derived from what Docker sent. */
function extras(net: NetworkRecord): NetworkSpec {
  return parseNetworkSpec({
    NetworkID: net.networkId,
    Options: {
      'com.docker.network.generic': net.options as Record<string, string>,
      'com.docker.network.enable_ipv4': true,
      'com.docker.network.enable_ipv6': net.ipv6Data.length > 0,
      'com.docker.network.internal': net.internal,
    },
    IPv4Data: net.ipv4Data as IpamData[],
    IPv6Data: net.ipv6Data as IpamData[],
  });
}

const choiceOf = (net: NetworkRecord): PolicyChoice => ({ policy: net.policy, tenant: net.tenant ?? '' });

export interface WasmnetNetworkDriver extends NetworkDriver {
  /** Brings the kernel in line with the state; call once before serving. */
  reconcile(): Promise<NetworkReconcileReport>;
}

export function createNetworkDriver(deps: NetworkDriverDeps): WasmnetNetworkDriver {
  const { store, policy, linux, logger } = deps;
  const lock = new KeyedLock();

  const network = (id: string): NetworkRecord => {
    const net = store.networks.get(id);
    if (!net) throw notFound(`network ${id.slice(0, 12)} is not known to wasmnet; it may have been created by another driver or before the state was reset`);
    return net;
  };
  const endpoint = (networkId: string, endpointId: string): EndpointRecord => {
    const ep = store.endpoints.get(networkId, endpointId);
    if (!ep) throw notFound(`endpoint ${endpointId.slice(0, 12)} of network ${networkId.slice(0, 12)} is not known to wasmnet`);
    return ep;
  };

  async function applyNetwork(net: NetworkRecord): Promise<void> {
    const x = extras(net);
    await linux.ensureBridge(net.bridgeName, { ...(net.mtu ? { mtu: net.mtu } : {}), addresses: x.gateways });
    await linux.markOwned(net.bridgeName, networkOwner(net.networkId));
    await linux.ensureForwarding({ ipv4: true, ipv6: x.subnets.some((s) => s.includes(':')) });
    await linux.ensureNetworkRules({ bridge: net.bridgeName, subnets: x.subnets, internal: net.internal });
  }

  return {
    reconcile: () => reconcileNetworks(deps, applyNetwork),
    getCapabilities: async () => ({ Scope: 'local', ConnectivityScope: 'local' }),

    createNetwork: (req) => lock.run('networks', async () => {
      const spec = parseNetworkSpec(req);
      const existing = store.networks.get(req.NetworkID);
      if (existing) return applyNetwork(existing); // a retry: converge, do not decide again

      const choice = policy.choose({ policy: spec.policy, tenant: spec.tenant });
      const others = store.networks.list();
      for (const subnet of spec.subnets) {
        const clash = others.find((o) => extras(o).subnets.some((s) => cidrsOverlap(s, subnet)));
        if (clash) throw conflict(`subnet ${subnet} overlaps network ${clash.networkId.slice(0, 12)} (bridge ${clash.bridgeName}); choose another --subnet`);
      }
      const admission = await policy.decide('admitNetwork', choice, {
        networkId: req.NetworkID, options: spec.generic, internal: spec.internal,
        ipv4Pools: req.IPv4Data.map((d) => d.Pool), ipv6Pools: req.IPv6Data.map((d) => d.Pool),
      });
      if (!admission.allow) throw denied(`policy "${choice.policy}" refused network: ${admission.reason ?? 'no reason given'}`);
      const { name: bridgeName } = await policy.decide('bridgeName', choice, { networkId: req.NetworkID, options: spec.generic }, {
        verify: (out) => {
          const name = (out as { name: string }).name;
          const user = others.find((o) => o.bridgeName === name);
          return user ? `bridge name "${name}" is already used by network ${user.networkId.slice(0, 12)}` : undefined;
        },
      });
      // A policy may only name a bridge nobody else owns: never docker0, eth0, or another tool's bridge.
      if (await linux.linkExists(bridgeName)) {
        throw conflict(`policy "${choice.policy}" (bridgeName): interface "${bridgeName}" already exists on this host and does not belong to wasmnet`);
      }
      const net = store.networks.insert({
        networkId: req.NetworkID, options: spec.generic,
        ipv4Data: req.IPv4Data, ipv6Data: spec.subnets.some((s) => s.includes(':')) ? req.IPv6Data : [], bridgeName,
        policy: choice.policy, tenant: choice.tenant, internal: spec.internal, mtu: spec.mtu ?? null,
      });
      try {
        await applyNetwork(net);
      } catch (err) {
        await teardownNetwork(net).catch((undoErr: unknown) => logger.error({ err: errorMessage(undoErr), bridge: bridgeName }, 'failed to roll back a network'));
        store.networks.delete(net.networkId);
        throw err;
      }
      logger.info({ networkId: req.NetworkID, bridge: bridgeName, subnets: spec.subnets, policy: choice.policy, tenant: choice.tenant }, 'network created');
    }),

    deleteNetwork: (req) => lock.run('networks', async () => {
      const net = store.networks.get(req.NetworkID);
      if (!net) return; // unknown IDs delete fine, so dockerd never keeps a zombie network
      for (const ep of store.endpoints.listByNetwork(net.networkId)) {
        if (ep.hostIfname) await linux.deleteLink(ep.hostIfname);
      }
      await teardownNetwork(net);
      store.networks.delete(net.networkId);
      logger.info({ networkId: net.networkId, bridge: net.bridgeName }, 'network deleted');
    }),

    createEndpoint: (req) => lock.run(`net:${req.NetworkID}`, async () => {
      const net = network(req.NetworkID);
      const existing = store.endpoints.get(req.NetworkID, req.EndpointID);
      if (existing) return existing.mac && req.Interface.MacAddress === '' ? { Interface: { MacAddress: existing.mac } } : {};
      const choice = choiceOf(net);
      const admission = await policy.decide('admitEndpoint', choice, {
        networkId: net.networkId, endpointId: req.EndpointID, address: req.Interface.Address, addressIPv6: req.Interface.AddressIPv6,
        macAddress: req.Interface.MacAddress, options: stringOptions(req.Options),
      });
      if (!admission.allow) throw denied(`policy "${choice.policy}" refused endpoint: ${admission.reason ?? 'no reason given'}`);
      const names = await policy.decide('interfaceName', choice, { networkId: net.networkId, endpointId: req.EndpointID, options: { ...extras(net).generic, ...stringOptions(req.Options) } }, {
        verify: (out) => {
          const { hostName, containerName } = out as { hostName: string; containerName: string };
          for (const name of [hostName, containerName]) {
            if (name === net.bridgeName || store.networks.getByBridge(name)) return `interface name "${name}" is a bridge name`;
            if (store.endpoints.getByHostIfname(name)) return `interface name "${name}" is already used by another endpoint`;
          }
          return undefined;
        },
      });
      for (const name of [names.hostName, names.containerName]) {
        if (await linux.linkExists(name)) throw conflict(`policy "${choice.policy}" (interfaceName): interface "${name}" already exists on this host`);
      }
      // Docker rejects any change to a field it set, so only fill what it left empty.
      const mac = req.Interface.MacAddress || (req.Interface.Address ? macFromIpv4(req.Interface.Address) : null);
      // Endpoint rows describe veths a power loss destroys: no fsync needed.
      store.transaction(() => store.endpoints.insert({
        networkId: net.networkId, endpointId: req.EndpointID,
        ipv4Cidr: req.Interface.Address || null, ipv6Cidr: req.Interface.AddressIPv6 || null, mac,
        hostIfname: names.hostName, srcName: names.containerName, dstPrefix: names.dstPrefix,
      }), { durability: 'process' });
      return req.Interface.MacAddress === '' && mac ? { Interface: { MacAddress: mac } } : {};
    }),

    endpointOperInfo: async (req) => {
      const net = network(req.NetworkID);
      const ep = endpoint(req.NetworkID, req.EndpointID);
      return { Value: { bridge: net.bridgeName, hostInterface: ep.hostIfname ?? '', policy: net.policy, tenant: net.tenant ?? '' } };
    },

    deleteEndpoint: (req) => lock.run(`net:${req.NetworkID}`, async () => {
      const ep = store.endpoints.get(req.NetworkID, req.EndpointID);
      if (!ep) return;
      if (ep.hostIfname) await removeHostEnd(ep.hostIfname);
      store.transaction(() => store.endpoints.delete(req.NetworkID, req.EndpointID), { durability: 'process' });
    }),

    join: (req) => lock.run(`net:${req.NetworkID}`, async () => {
      const net = network(req.NetworkID);
      const ep = endpoint(req.NetworkID, req.EndpointID);
      await linux.createVethPair(ep.hostIfname!, ep.srcName!, { bridge: net.bridgeName, ...(net.mtu ? { mtu: net.mtu } : {}) });
      await linux.markOwned(ep.hostIfname!, endpointOwner(ep.endpointId));
      const x = extras(net);
      return {
        InterfaceName: { SrcName: ep.srcName!, DstPrefix: ep.dstPrefix ?? 'eth' },
        // Internal networks get no default route, like Docker's own bridge.
        ...(net.internal ? {} : { ...(x.gatewayV4 ? { Gateway: x.gatewayV4 } : {}), ...(x.gatewayV6 ? { GatewayIPv6: x.gatewayV6 } : {}) }),
      };
    }),

    leave: (req) => lock.run(`net:${req.NetworkID}`, async () => {
      const ep = store.endpoints.get(req.NetworkID, req.EndpointID);
      if (ep?.hostIfname) await removeHostEnd(ep.hostIfname);
    }),

    discoverNew: async () => {},
    discoverDelete: async () => {},
    programExternalConnectivity: async () => {},
    revokeExternalConnectivity: async () => {},
    // Swarm-only (global scope); wasmnet is local, so dockerd never sends these.
    allocateNetwork: async () => ({ Options: {} }),
    freeNetwork: async () => {},
  };

  // A veth usually dies with its sandbox before Leave or DeleteEndpoint
  // arrives; a cheap existence check spares a failing delete.
  async function removeHostEnd(name: string): Promise<void> {
    if (await linux.linkExists(name)) await linux.deleteLink(name);
  }

  async function teardownNetwork(net: NetworkRecord): Promise<void> {
    await linux.removeNetworkRules({ bridge: net.bridgeName });
    await linux.deleteBridge(net.bridgeName);
  }
}

function stringOptions(options: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(options).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
