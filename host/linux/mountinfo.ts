// /proc/self/mountinfo, parsed for reconciliation (which of our volume paths
// are mounted, and from what). Format: proc(5).
import { readFile } from 'node:fs/promises';
import { osFailure } from './exec';

export interface MountInfo {
  id: number;
  parentId: number;
  /** `major:minor` of the filesystem's device. */
  device: string;
  /** Path inside the filesystem that is mounted (a bind mount's source subdir). */
  root: string;
  mountPoint: string;
  mountOptions: string[];
  /** `shared:N`, `master:N`, `propagate_from:N`, `unbindable`. */
  optionalFields: string[];
  fsType: string;
  source: string;
  superOptions: string[];
}

/** Decodes the kernel's octal escapes (`\040` space, `\011` tab, `\012` newline, `\134` backslash). */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export function parseMountinfoLine(line: string): MountInfo {
  const fields = line.split(' ');
  const sep = fields.indexOf('-', 6);
  if (fields.length < 10 || sep < 0 || fields.length < sep + 4) {
    throw new Error(`malformed mountinfo line: ${JSON.stringify(line)}`);
  }
  const f = (i: number) => fields[i] as string;
  return {
    id: Number(f(0)),
    parentId: Number(f(1)),
    device: f(2),
    root: unescapeMountField(f(3)),
    mountPoint: unescapeMountField(f(4)),
    mountOptions: f(5).split(','),
    optionalFields: fields.slice(6, sep),
    fsType: unescapeMountField(f(sep + 1)),
    source: unescapeMountField(f(sep + 2)),
    superOptions: f(sep + 3).split(','),
  };
}

export function parseMountinfo(text: string): MountInfo[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(parseMountinfoLine);
}

export async function readMountinfo(path = '/proc/self/mountinfo'): Promise<MountInfo[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw osFailure(`read ${path}`, err);
  }
  return parseMountinfo(text);
}

/** Mounts whose mount point is `dir` or lies beneath it. */
export async function mountsUnder(dir: string): Promise<MountInfo[]> {
  const base = dir.endsWith('/') ? dir.slice(0, -1) : dir;
  return (await readMountinfo()).filter((m) => m.mountPoint === base || m.mountPoint.startsWith(base + '/'));
}
