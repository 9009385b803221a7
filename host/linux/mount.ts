// Bind mounts for volumes. Paths must be absolute and already resolved by
// the caller (safe-path.ts), since `mount` follows symlinks.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { conflict, invalid } from '../errors';
import { osFailure, run } from './exec';
import { readMountinfo } from './mountinfo';

export function validateMountPath(p: unknown, role = 'mount path'): string {
  if (
    typeof p !== 'string' ||
    !path.isAbsolute(p) ||
    p.includes('\0') ||
    path.normalize(p) !== p ||
    (p !== '/' && p.endsWith('/')) || // mountinfo never shows one
    p.length > 4096
  ) {
    throw invalid(`invalid ${role} ${JSON.stringify(p)}: must be an absolute, normalised path`);
  }
  return p;
}

/** True when `p` is itself a mount point (the topmost entry counts). */
export async function isMountpoint(p: string): Promise<boolean> {
  validateMountPath(p);
  return (await readMountinfo()).some((m) => m.mountPoint === p);
}

export interface BindOptions {
  readOnly?: boolean;
}

/** True when both paths name the same inode (what a bind mount makes true). */
async function sameInode(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
  return x !== undefined && y !== undefined && x.dev === y.dev && x.ino === y.ino;
}

/**
 * Bind-mounts `source` on `target`. Already mounted from `source` is success;
 * mounted from anything else is a conflict.
 */
export async function bindMount(source: string, target: string, opts: BindOptions = {}): Promise<void> {
  validateMountPath(source, 'bind source');
  validateMountPath(target, 'bind target');
  if (await isMountpoint(target)) {
    if (await sameInode(source, target)) return;
    throw conflict(`failed to bind-mount "${source}" on "${target}": "${target}" is already a mount point of something else`);
  }
  // `--` ends options: the paths can never be read as flags.
  const options = ['bind', ...(opts.readOnly ? ['ro'] : [])].join(',');
  try {
    await run(['mount', '-o', options, '--', source, target]);
  } catch (err) {
    throw osFailure(`bind-mount "${source}" on "${target}"`, err);
  }
}

export interface UnmountOptions {
  /** Detach now, clean up when no longer busy (umount -l). */
  lazy?: boolean;
}

/** Unmounts `target`; not mounted is success. */
export async function unmount(target: string, opts: UnmountOptions = {}): Promise<void> {
  validateMountPath(target, 'mount target');
  if (!(await isMountpoint(target))) return;
  try {
    await run(['umount', ...(opts.lazy ? ['-l'] : []), '--', target]);
  } catch (err) {
    // Raced with another unmount: the goal is reached.
    if (!(await isMountpoint(target))) return;
    throw osFailure(`unmount "${target}"`, err);
  }
}
