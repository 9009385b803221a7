// The kernel operations the network driver needs, as one narrow port: the
// real implementation is host/linux; unit tests pass a recording fake.
import { ensureBridge, deleteBridge } from '../../linux/bridge';
import { createVethPair } from '../../linux/veth';
import { deleteLink, getLink } from '../../linux/links';
import { ensureNetworkRules, removeNetworkRules } from '../../linux/firewall';
import { ensureForwarding } from '../../linux/sysctl';
import { listOwnedLinks, markOwned, type OwnedLink } from '../../linux/link-ownership';

export interface NetworkLinux {
  ensureBridge(name: string, opts: { mtu?: number; addresses: string[] }): Promise<unknown>;
  deleteBridge(name: string): Promise<void>;
  ensureNetworkRules(rules: { bridge: string; subnets: string[]; internal: boolean }): Promise<unknown>;
  removeNetworkRules(rules: { bridge: string }): Promise<unknown>;
  ensureForwarding(opts: { ipv4: boolean; ipv6: boolean }): Promise<void>;
  createVethPair(hostName: string, peerName: string, opts: { bridge: string; mtu?: number }): Promise<unknown>;
  deleteLink(name: string): Promise<void>;
  linkExists(name: string): Promise<boolean>;
  markOwned(name: string, owner: string): Promise<void>;
  listOwnedLinks(): Promise<OwnedLink[]>;
}

export const realNetworkLinux: NetworkLinux = {
  ensureBridge: (name, opts) => ensureBridge(name, opts),
  deleteBridge,
  ensureNetworkRules: (rules) => ensureNetworkRules(rules),
  removeNetworkRules: (rules) => removeNetworkRules(rules),
  ensureForwarding,
  createVethPair: (hostName, peerName, opts) => createVethPair(hostName, peerName, opts),
  deleteLink,
  linkExists: async (name) => (await getLink(name)) !== undefined,
  markOwned,
  listOwnedLinks,
};
