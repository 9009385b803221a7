// Marks the links wasmnet creates with an interface alias, so that after a
// crash the daemon can tell its own orphans from everyone else's links
// whatever names the policies chose.
import { isNotFound, osFailure } from './exec';
import { ipJson } from './ip';
import { ipSession } from './ip-session';
import { validateIfName } from './names';

export const OWNER_ALIAS_PREFIX = 'wasmdriver:';

export interface OwnedLink {
  name: string;
  /** What the alias says the link belongs to, e.g. "net:<network id>". */
  owner: string;
}

export async function markOwned(name: string, owner: string): Promise<void> {
  validateIfName(name);
  if (!/^[a-z]+:[A-Za-z0-9]{1,64}$/.test(owner)) throw new Error(`invalid owner tag ${JSON.stringify(owner)}`);
  try {
    await ipSession.run(['link', 'set', 'dev', name, 'alias', `${OWNER_ALIAS_PREFIX}${owner}`]);
  } catch (err) {
    if (isNotFound(err)) return;
    throw osFailure(`mark link "${name}" as owned by wasmdriver`, err);
  }
}

export async function listOwnedLinks(): Promise<OwnedLink[]> {
  let raw: { ifname: string; ifalias?: string }[];
  try {
    raw = await ipJson<{ ifname: string; ifalias?: string }>(['link', 'show']);
  } catch (err) {
    throw osFailure('list links', err);
  }
  return raw
    .filter((l) => l.ifalias?.startsWith(OWNER_ALIAS_PREFIX))
    .map((l) => ({ name: l.ifname, owner: l.ifalias!.slice(OWNER_ALIAS_PREFIX.length) }));
}
