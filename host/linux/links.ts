// Reading links for reconciliation and verification, and deleting them.
import { isNotFound, osFailure } from './exec';
import { ipJson } from './ip';
import { ipSession } from './ip-session';
import { validateIfName } from './names';

export interface Link {
  name: string;
  index: number;
  /** `bridge`, `veth`... or undefined for plain devices (lo, physical NICs). */
  kind: string | undefined;
  /** Name of the master (bridge) device, if enslaved. */
  master: string | undefined;
  mtu: number;
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** For veth: the peer's name when it is in the same namespace. */
  peer: string | undefined;
}

export interface LinkAddress {
  address: string;
  prefix: number;
  family: 4 | 6;
  scope: string;
}

export interface LinkWithAddresses extends Link {
  addresses: LinkAddress[];
}

interface RawAddrInfo {
  family?: string;
  local?: string;
  prefixlen?: number;
  scope?: string;
}

interface RawLink {
  ifindex: number;
  ifname: string;
  link?: string;
  flags?: string[];
  mtu: number;
  master?: string;
  linkinfo?: { info_kind?: string };
  addr_info?: RawAddrInfo[];
}

function toLink(raw: RawLink): Link {
  const kind = raw.linkinfo?.info_kind;
  return {
    name: raw.ifname,
    index: raw.ifindex,
    kind,
    master: raw.master,
    mtu: raw.mtu,
    up: (raw.flags ?? []).includes('UP'),
    peer: kind === 'veth' ? raw.link : undefined,
  };
}

/** Links in the daemon's network namespace, optionally only those whose name starts with `prefix`. */
export async function listLinks(opts: { prefix?: string } = {}): Promise<Link[]> {
  let links: Link[];
  try {
    links = (await ipJson<RawLink>(['-details', 'link', 'show'])).map(toLink);
  } catch (err) {
    throw osFailure('list links', err);
  }
  const prefix = opts.prefix;
  return prefix === undefined ? links : links.filter((l) => l.name.startsWith(prefix));
}

/** One link with its addresses, or undefined when it does not exist. One spawn. */
export async function getLink(name: string): Promise<LinkWithAddresses | undefined> {
  validateIfName(name);
  let raws: RawLink[];
  try {
    raws = await ipJson<RawLink>(['-details', 'address', 'show', 'dev', name]);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw osFailure(`read link "${name}"`, err);
  }
  const raw = raws[0];
  if (!raw) return undefined;
  const addresses: LinkAddress[] = [];
  for (const a of raw.addr_info ?? []) {
    if (a.local === undefined || a.prefixlen === undefined) continue;
    addresses.push({ address: a.local, prefix: a.prefixlen, family: a.family === 'inet6' ? 6 : 4, scope: a.scope ?? '' });
  }
  return { ...toLink(raw), addresses };
}

/** Deletes a link (for veth, both ends go). A missing link is success. */
export async function deleteLink(name: string): Promise<void> {
  validateIfName(name);
  try {
    await ipSession.run(['link', 'del', 'dev', name]);
  } catch (err) {
    if (isNotFound(err)) return;
    throw osFailure(`delete link "${name}"`, err);
  }
}
