// Veth pairs for endpoints. Creation is one netlink request, sent through the
// long-lived ip session (no spawn: ~0.7 ms): the host end is created already
// enslaved to the bridge, with its mtu, and up; the peer stays down in our
// namespace until Docker moves it into the sandbox. Being one request, a
// failure leaves nothing behind.
import { conflict, notFound } from '../errors';
import { isExists, isNotFound, osFailure } from './exec';
import { ipBatch } from './ip';
import { ipSession } from './ip-session';
import { deleteLink, getLink } from './links';
import { validateIfName } from './names';
import { validateMtu } from './bridge';

export { deleteLink };

export interface VethOptions {
  /** Bridge the host end is attached to (must exist). */
  bridge: string;
  mtu?: number;
}

/** Creates (or converges) the pair; `created` is false when it already existed. */
export async function createVethPair(hostName: string, peerName: string, opts: VethOptions): Promise<{ created: boolean }> {
  validateIfName(hostName, 'veth host end');
  validateIfName(peerName, 'veth peer');
  validateIfName(opts.bridge, 'bridge');
  if (hostName === peerName) throw conflict(`failed to create veth pair "${hostName}": both ends have the same name`);
  const mtu = opts.mtu === undefined ? [] : ['mtu', String(validateMtu(opts.mtu))];
  const what = `create veth pair "${hostName}"/"${peerName}" on bridge "${opts.bridge}"`;
  try {
    await ipSession.run(['link', 'add', 'name', hostName, ...mtu, 'master', opts.bridge, 'up', 'type', 'veth', 'peer', 'name', peerName, ...mtu]);
    return { created: true };
  } catch (err) {
    if (isNotFound(err)) throw notFound(`failed to ${what}: bridge "${opts.bridge}" does not exist`, err);
    if (!isExists(err)) throw osFailure(what, err);
  }

  // A retry after a lost reply: accept the pair only if it is exactly ours.
  const host = await getLink(hostName);
  if (!host) throw conflict(`failed to ${what}: "${peerName}" already exists`);
  if (host.kind !== 'veth' || host.peer !== peerName) {
    throw conflict(
      `failed to ${what}: "${hostName}" already exists but is not a veth peered with "${peerName}" (kind ${host.kind ?? 'none'}, peer ${host.peer ?? 'none'})`,
    );
  }
  const cmds: string[][] = [];
  if (opts.mtu !== undefined && host.mtu !== opts.mtu) {
    cmds.push(['link', 'set', 'dev', hostName, ...mtu], ['link', 'set', 'dev', peerName, ...mtu]);
  }
  if (host.master !== opts.bridge) cmds.push(['link', 'set', 'dev', hostName, 'master', opts.bridge]);
  if (!host.up) cmds.push(['link', 'set', 'dev', hostName, 'up']);
  try {
    await ipBatch(cmds);
  } catch (err) {
    throw osFailure(what, err);
  }
  return { created: false };
}
