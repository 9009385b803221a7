// Size-limited volumes: an ext4 filesystem in a sparse image file, mounted
// through a loop device, so writes beyond the size fail with ENOSPC.
import { access, constants, lstat, open, readFile, rename, rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import { conflict, invalid, systemFailure } from '../errors';
import { osFailure, run } from './exec';
import { readMountinfo } from './mountinfo';
import { validateMountPath } from './mount';

/** Below this ext4 has no room for its own metadata and journal. */
export const MIN_FS_BYTES = 4 * 1024 * 1024;

// Searched by hand so a missing tool is reported by package name, before
// anything is created. sbin is added because daemons often run with a
// minimal PATH.
async function findExecutable(name: string): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin'].filter((d) => path.isAbsolute(d));
  for (const dir of dirs) {
    const p = path.join(dir, name);
    if (await access(p, constants.X_OK).then(() => true, () => false)) return p;
  }
  return undefined;
}

export interface SizedFsOptions {
  /** Owner of the filesystem's root directory. */
  uid?: number;
  gid?: number;
}

/**
 * Creates `imagePath` holding an ext4 filesystem of `sizeBytes`. The image is
 * built under a temporary name and renamed into place, so an existing image
 * is always complete: it is accepted if its size matches, else a conflict.
 */
export async function createSizedFilesystem(imagePath: string, sizeBytes: number, opts: SizedFsOptions = {}): Promise<void> {
  validateMountPath(imagePath, 'image path');
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < MIN_FS_BYTES) {
    throw invalid(`invalid filesystem size ${JSON.stringify(sizeBytes)}: must be an integer of at least ${MIN_FS_BYTES} bytes`);
  }
  for (const [name, id] of [['uid', opts.uid], ['gid', opts.gid]] as const) {
    if (id !== undefined && (!Number.isInteger(id) || id < 0 || id > 0xfffffffe)) {
      throw invalid(`invalid filesystem owner ${name} ${JSON.stringify(id)}`);
    }
  }
  // lstat: an image path that is a symlink is never ours.
  const existing = await lstat(imagePath).catch(() => undefined);
  if (existing) {
    if (existing.isFile() && existing.size === sizeBytes) return;
    throw conflict(`failed to create filesystem image "${imagePath}": it already exists with size ${existing.size}, not ${sizeBytes}`);
  }
  // The image is sparse and grows as the volume fills: one larger than the
  // space left could only fill the host's filesystem, not hold its data.
  const dir = path.dirname(imagePath);
  const fs = await statfs(dir).catch(() => undefined);
  if (fs && sizeBytes > fs.bavail * fs.bsize) {
    const gib = (n: number) => `${(n / 1024 ** 3).toFixed(1)}G`;
    throw invalid(
      `cannot create a ${gib(sizeBytes)} volume: the filesystem holding "${dir}" has ${gib(fs.bavail * fs.bsize)} free; choose a smaller size= or free space there`,
    );
  }
  const mkfs = await findExecutable('mkfs.ext4');
  if (!mkfs) throw systemFailure('failed to create filesystem image: mkfs.ext4 not found; install the e2fsprogs package');

  const tmp = `${imagePath}.tmp-${process.pid}-${Date.now()}`;
  try {
    // 'wx': never reuse or follow something already at the temporary name.
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.truncate(sizeBytes); // sparse: no blocks allocated yet
    } finally {
      await fh.close();
    }
    const extended = ['nodiscard', ...(opts.uid !== undefined || opts.gid !== undefined ? [`root_owner=${opts.uid ?? 0}:${opts.gid ?? 0}`] : [])];
    // -m 0: no blocks reserved for root, so the size is the size for everyone.
    await run([mkfs, '-F', '-q', '-m', '0', '-E', extended.join(','), '--', tmp], { timeoutMs: 60_000 });
    await rename(tmp, imagePath);
  } catch (err) {
    await rm(tmp, { force: true });
    throw osFailure(`create ${sizeBytes}-byte filesystem image "${imagePath}"`, err);
  }
}

async function loopBackingFile(source: string): Promise<string | undefined> {
  const m = /^\/dev\/(loop\d+)$/.exec(source);
  if (!m) return undefined;
  return (await readFile(`/sys/block/${m[1]}/loop/backing_file`, 'utf8').catch(() => '')).trim() || undefined;
}

export interface LoopMountOptions {
  readOnly?: boolean;
}

/**
 * Mounts the image on `target` through a loop device (released again on
 * unmount: `mount -o loop` sets autoclear). Already mounted from this image
 * is success; a different mount there is a conflict.
 */
export async function mountLoop(imagePath: string, target: string, opts: LoopMountOptions = {}): Promise<void> {
  validateMountPath(imagePath, 'image path');
  validateMountPath(target, 'mount target');
  const current = (await readMountinfo()).filter((m) => m.mountPoint === target).at(-1);
  if (current) {
    if ((await loopBackingFile(current.source)) === imagePath) return;
    throw conflict(`failed to mount "${imagePath}" on "${target}": "${target}" is already a mount point of "${current.source}"`);
  }
  const options = ['loop', 'nodev', 'nosuid', ...(opts.readOnly ? ['ro'] : [])].join(',');
  try {
    await run(['mount', '-t', 'ext4', '-o', options, '--', imagePath, target], { timeoutMs: 30_000 });
  } catch (err) {
    throw osFailure(`mount "${imagePath}" on "${target}"`, err);
  }
}
