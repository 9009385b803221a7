// `docker volume create -o key=value` options. The host handles size, uid,
// gid, mode, policy and tenant itself and checks their values here, before
// any policy runs; every other key is the policy's to accept or refuse.
import { invalid } from '../../errors';
import { MIN_FS_BYTES } from '../../linux/loopfs';

export const HOST_OPTIONS = ['size', 'uid', 'gid', 'mode', 'policy', 'tenant'] as const;

/** ext4's largest file on 4 KiB blocks: the image must fit in one. */
export const MAX_SIZE_BYTES = 16 * 1024 ** 4;
const MAX_ID = 0xfffffffe; // (uid_t)-1 means "unchanged" to chown

export interface VolumeOptions {
  /** Bytes of the size-limited filesystem; null when unlimited. */
  sizeBytes: number | null;
  uid: number | null;
  gid: number | null;
  mode: number | null;
  policy: string | undefined;
  tenant: string | undefined;
  /** Keys outside HOST_OPTIONS, sorted, for the admitVolume hook. */
  unknown: string[];
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "8M", "1g", "512KiB", "1048576" -> bytes (binary units, as Docker's own sizes). */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  const bad = (why: string) =>
    invalid(`invalid volume option size=${JSON.stringify(text)}: ${why} (examples: size=8M, size=1G)`);
  if (!m) throw bad('expected a number with an optional binary unit k, M, G or T (either case; 1M = 1024k)');
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  if (bytes < MIN_FS_BYTES) throw bad(`the smallest size is ${MIN_FS_BYTES / 1024 ** 2}M`);
  if (bytes > MAX_SIZE_BYTES) throw bad(`the largest size is ${MAX_SIZE_BYTES / 1024 ** 4}T`);
  return bytes;
}

function parseId(key: 'uid' | 'gid', text: string): number {
  if (!/^\d{1,10}$/.test(text) || Number(text) > MAX_ID) {
    throw invalid(`invalid volume option ${key}=${JSON.stringify(text)}: expected a number from 0 to ${MAX_ID}`);
  }
  return Number(text);
}

function parseMode(text: string): number {
  const m = /^(?:0o?)?([0-7]{1,4})$/i.exec(text);
  if (!m) throw invalid(`invalid volume option mode=${JSON.stringify(text)}: expected octal permissions such as 755, 0770 or 1777`);
  return parseInt(m[1]!, 8);
}

export function parseVolumeOptions(opts: Readonly<Record<string, string>>): VolumeOptions {
  for (const [key, value] of Object.entries(opts)) {
    if (typeof value !== 'string') throw invalid(`invalid volume option ${JSON.stringify(key)}: its value must be a string`);
    if (key === '') throw invalid('invalid volume option: the option name is empty');
  }
  const has = (k: string) => Object.prototype.hasOwnProperty.call(opts, k);
  return {
    sizeBytes: has('size') ? parseSize(opts.size!) : null,
    uid: has('uid') ? parseId('uid', opts.uid!) : null,
    gid: has('gid') ? parseId('gid', opts.gid!) : null,
    mode: has('mode') ? parseMode(opts.mode!) : null,
    policy: has('policy') ? opts.policy : undefined,
    tenant: has('tenant') ? opts.tenant : undefined,
    unknown: Object.keys(opts)
      .filter((k) => !(HOST_OPTIONS as readonly string[]).includes(k))
      .sort(),
  };
}

/** Same keys with the same values: Docker repeating a Create, not a different volume. */
export function sameOptions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** "size=8M, uid=1000" for error messages. */
export function describeOptions(opts: Readonly<Record<string, string>>): string {
  const keys = Object.keys(opts).sort();
  return keys.length === 0 ? 'no options' : keys.map((k) => `${k}=${opts[k]}`).join(', ');
}
