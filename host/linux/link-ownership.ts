// Marks the links wasmnet creates with an interface alias, so that after a
// crash the daemon can tell its own orphans from everyone else's links
// whatever names the policies chose. The alias also names the daemon
// instance (a hash of its state file), so a daemon started on another state
// directory never mistakes a running daemon's links for its own orphans.
import { createHash } from 'node:crypto';
import { isNotFound, osFailure } from './exec';
import { ipJson } from './ip';
import { ipSession } from './ip-session';
import { validateIfName } from './names';
import { invalid } from '../errors';

export const OWNER_ALIAS_PREFIX = 'wasmdriver:';

export interface OwnedLink {
  name: string;
  /** What the alias says the link belongs to, e.g. "net:<network id>". */
  owner: string;
}

/** The instance tag of the daemon whose state database is `stateFile`. */
export function instanceTag(stateFile: string): string {
  return createHash('sha256').update(stateFile).digest('hex').slice(0, 10);
}

const aliasPrefix = (instance: string) => `${OWNER_ALIAS_PREFIX}${instance}:`;

export async function markOwned(name: string, owner: string, instance: string): Promise<void> {
  validateIfName(name);
  if (!/^[a-z]+:[A-Za-z0-9]{1,64}$/.test(owner)) throw invalid(`invalid link owner tag ${JSON.stringify(owner)}`);
  if (!/^[a-f0-9]{10}$/.test(instance)) throw invalid(`invalid daemon instance tag ${JSON.stringify(instance)}`);
  try {
    await ipSession.run(['link', 'set', 'dev', name, 'alias', `${aliasPrefix(instance)}${owner}`]);
  } catch (err) {
    if (isNotFound(err)) return;
    throw osFailure(`mark link "${name}" as owned by wasmdriver`, err);
  }
}

/** Links this daemon instance marked. */
export async function listOwnedLinks(instance: string): Promise<OwnedLink[]> {
  const prefix = aliasPrefix(instance);
  let raw: { ifname: string; ifalias?: string }[];
  try {
    raw = await ipJson<{ ifname: string; ifalias?: string }>(['link', 'show']);
  } catch (err) {
    throw osFailure('list links', err);
  }
  return raw
    .filter((l) => l.ifalias?.startsWith(prefix))
    .map((l) => ({ name: l.ifname, owner: l.ifalias!.slice(prefix.length) }));
}
