// Bridges: created if missing, verified if present, converged on mtu,
// addresses and up. Extra addresses found on an existing bridge are left
// alone (they may be the operator's); only the requested ones are ensured.
import { conflict, invalid } from '../errors';
import { isExists, osFailure } from './exec';
import { BatchError, ipBatch } from './ip';
import { parseCidr, type Cidr } from './addresses';
import { deleteLink, getLink, type LinkWithAddresses } from './links';
import { validateBridgeName } from './names';
import { withRollback } from './rollback';
import { enableIpv6 } from './sysctl';

export interface BridgeOptions {
  /** Unset: the kernel default (1500, or the smallest port mtu). */
  mtu?: number;
  /** Addresses for the bridge itself, usually each network's gateway: `10.1.0.1/24`. */
  addresses?: readonly string[];
}

export function validateMtu(mtu: unknown): number {
  if (typeof mtu !== 'number' || !Number.isInteger(mtu) || mtu < 68 || mtu > 65535) {
    throw invalid(`invalid mtu ${JSON.stringify(mtu)}: must be an integer between 68 and 65535`);
  }
  return mtu;
}

const hasAddress = (link: LinkWithAddresses, c: Cidr) =>
  link.addresses.some((a) => a.family === c.family && a.address === c.address && a.prefix === c.prefix);

/** Creates or converges bridge `name`. Returns whether it was created. */
export async function ensureBridge(name: string, opts: BridgeOptions = {}): Promise<{ created: boolean }> {
  validateBridgeName(name);
  const mtu = opts.mtu === undefined ? undefined : validateMtu(opts.mtu);
  const cidrs = (opts.addresses ?? []).map((a) => parseCidr(a, `address for bridge "${name}"`));

  return withRollback(async (rb) => {
    let link = await getLink(name);
    let created = false;
    if (!link) {
      try {
        // No mtu here: only a change of mtu (below) pins it; one given at
        // creation is reset by the kernel to the smallest port's, or to 1500
        // once the last port leaves.
        await ipBatch([['link', 'add', 'name', name, 'type', 'bridge']]);
        created = true;
        rb.add(`delete bridge "${name}"`, () => deleteLink(name));
      } catch (err) {
        // Lost a race with another creator: fall through and verify what is there.
        if (!isExists(err)) throw osFailure(`create bridge "${name}"`, err);
      }
      link = await getLink(name);
      if (!link) throw osFailure(`create bridge "${name}"`, new Error('link vanished right after creation'));
    }
    if (link.kind !== 'bridge') {
      throw conflict(`failed to ensure bridge "${name}": "${name}" already exists but is not a bridge (kind ${link.kind ?? 'none'})`);
    }

    // A host may disable IPv6 on new interfaces by default; the sysctl file
    // only exists once the link does, hence this sits between two batches.
    if (cidrs.some((c) => c.family === 6)) await enableIpv6(name);

    const cmds: string[][] = [];
    if (mtu !== undefined && link.mtu !== mtu) cmds.push(['link', 'set', 'dev', name, 'mtu', String(mtu)]);
    for (const c of cidrs) {
      if (hasAddress(link, c)) continue;
      // nodad: a bridge without ports has no carrier, so duplicate address
      // detection would leave the gateway address tentative (unusable).
      cmds.push(['address', 'add', c.text, 'dev', name, ...(c.family === 6 ? ['nodad'] : [])]);
    }
    if (!link.up) cmds.push(['link', 'set', 'dev', name, 'up']);
    try {
      await ipBatch(cmds);
    } catch (err) {
      const applied = err instanceof BatchError && err.index !== undefined ? cmds.slice(0, err.index) : [];
      if (!created) {
        for (const cmd of applied) {
          if (cmd[0] === 'address') {
            const text = cmd[2] as string;
            rb.add(`remove address ${text} from "${name}"`, () => ipBatch([['address', 'del', text, 'dev', name]]));
          }
        }
      }
      throw osFailure(`configure bridge "${name}"`, err);
    }
    return { created };
  });
}

/** Deletes bridge `name`; missing is success, a non-bridge of that name is a conflict. */
export async function deleteBridge(name: string): Promise<void> {
  validateBridgeName(name);
  const link = await getLink(name);
  if (!link) return;
  if (link.kind !== 'bridge') {
    throw conflict(`failed to delete bridge "${name}": "${name}" is not a bridge (kind ${link.kind ?? 'none'})`);
  }
  await deleteLink(name);
}
