// The kernel operations the network driver needs, as one narrow port: the
// real implementation is host/linux; unit tests pass a recording fake.
import { access } from 'node:fs/promises';
import { ensureBridge, deleteBridge } from '../../linux/bridge';
import { createVethPair } from '../../linux/veth';
import { deleteLink, getLink } from '../../linux/links';
import { ipBatch } from '../../linux/ip';
import { osFailure } from '../../linux/exec';
import { errorMessage } from '../../errors';
import { validateIfName } from '../../linux/names';
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
  /**
   * Puts an existing host-side veth end back on its bridge and up; false when
   * the link is gone. Used after a vanished bridge was rebuilt: deleting a
   * bridge releases its ports but leaves them (and their containers) alive.
   */
  reattachToBridge(name: string, bridge: string, mtu?: number): Promise<boolean>;
  markOwned(name: string, owner: string): Promise<void>;
  listOwnedLinks(): Promise<OwnedLink[]>;
}

const kernelOps: Omit<NetworkLinux, 'markOwned' | 'listOwnedLinks'> = {
  ensureBridge: (name, opts) => ensureBridge(name, opts),
  async deleteBridge(name) {
    await deleteBridge(name);
    // The same stale cache makes the session's `link del` of a re-created
    // bridge report "no such device", which counts as deleted: check with a
    // fresh `ip` and delete through one if the bridge is still there.
    if ((await getLink(name))?.kind !== 'bridge') return;
    try {
      await ipBatch([['link', 'del', 'dev', name]]);
    } catch (err) {
      throw osFailure(`delete bridge "${name}"`, err);
    }
  },
  ensureNetworkRules: (rules) => ensureNetworkRules(rules),
  removeNetworkRules: (rules) => removeNetworkRules(rules),
  ensureForwarding,
  async createVethPair(hostName, peerName, opts) {
    try {
      return await createVethPair(hostName, peerName, opts);
    } catch (err) {
      // The long-lived `ip -batch` session caches name -> ifindex: a bridge
      // deleted and re-created outside it (by hand, by a spawned `ip`) makes
      // `master <bridge>` resolve to a dead index, and the kernel answers
      // EINVAL. A fresh `ip` resolves the name again; the request is one
      // netlink message, so the failed attempt left nothing behind.
      if (!/Invalid argument/.test(errorMessage(err))) throw err;
      const mtu = opts.mtu === undefined ? [] : ['mtu', String(opts.mtu)];
      try {
        await ipBatch([['link', 'add', 'name', hostName, ...mtu, 'master', opts.bridge, 'up', 'type', 'veth', 'peer', 'name', peerName, ...mtu]]);
      } catch (retryErr) {
        throw osFailure(`create veth pair "${hostName}"/"${peerName}" on bridge "${opts.bridge}" (retried outside the ip session after: ${errorMessage(err)})`, retryErr);
      }
      return { created: true };
    }
  },
  deleteLink,
  // On the container-start path: a sysfs lookup costs microseconds, an `ip` spawn milliseconds.
  // The name is validated first, so it cannot walk out of /sys/class/net.
  linkExists: async (name) => {
    validateIfName(name);
    try {
      await access(`/sys/class/net/${name}`);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw osFailure(`look up link "${name}"`, err);
    }
  },
  async reattachToBridge(name, bridge, mtu) {
    validateIfName(name, 'veth host end');
    validateIfName(bridge, 'bridge');
    const link = await getLink(name);
    if (!link) return false;
    const cmds: string[][] = [];
    if (mtu !== undefined && link.mtu !== mtu) cmds.push(['link', 'set', 'dev', name, 'mtu', String(mtu)]);
    if (link.master !== bridge) cmds.push(['link', 'set', 'dev', name, 'master', bridge]);
    if (!link.up) cmds.push(['link', 'set', 'dev', name, 'up']);
    try {
      await ipBatch(cmds);
    } catch (err) {
      throw osFailure(`attach "${name}" to bridge "${bridge}"`, err);
    }
    return true;
  },
};

/** The real port, for the daemon instance whose links carry `instance` (linux/link-ownership). */
export function createNetworkLinux(instance: string): NetworkLinux {
  return {
    ...kernelOps,
    markOwned: (name, owner) => markOwned(name, owner, instance),
    listOwnedLinks: () => listOwnedLinks(instance),
  };
}
