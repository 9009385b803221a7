// Removing a volume directory whose path came from an untrusted policy.
// Same rules as ensureDirBeneath (relative, normalised, no symlink at any
// component, real path exactly root + path), plus: nothing may be mounted at
// or beneath it, because a recursive delete would go through the mount and
// destroy the mounted data (a bind source, a loop filesystem's contents).
// `fs.rm` with `recursive` removes symlinks found inside without following
// them. Residual TOCTOU risk as in safe-path.ts: a mount made or a component
// swapped between our checks and the delete.
import { lstat, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { conflict, invalid } from '../errors';
import { osFailure } from './exec';
import { mountsUnder } from './mountinfo';
import { splitRelativePath } from './safe-path';

const errnoOf = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/**
 * Removes `root/relativePath` and everything in it. Missing is success.
 * Throws `conflict` when a component is a symlink or not a directory, or when
 * something is mounted at or beneath the directory.
 */
export async function removeDirBeneath(root: string, relativePath: string): Promise<void> {
  if (typeof root !== 'string' || !path.isAbsolute(root) || root.includes('\0')) {
    throw invalid(`invalid root ${JSON.stringify(root)}: must be an absolute path`);
  }
  const parts = splitRelativePath(relativePath);
  const refuse = (why: string) => conflict(`refusing to remove "${relativePath}" beneath "${root}": ${why}`);

  let current: string;
  try {
    current = await realpath(root);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return;
    throw osFailure(`resolve root "${root}"`, err);
  }
  for (const [i, part] of parts.entries()) {
    current = path.join(current, part);
    let st;
    try {
      st = await lstat(current);
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return;
      throw osFailure(`inspect "${current}"`, err);
    }
    const shown = parts.slice(0, i + 1).join('/');
    if (st.isSymbolicLink()) throw refuse(`"${shown}" is a symbolic link`);
    if (!st.isDirectory()) throw refuse(`"${shown}" is not a directory`);
  }
  const real = await realpath(current).catch((err) => {
    throw osFailure(`resolve "${current}"`, err);
  });
  if (real !== current) throw refuse(`it resolves to "${real}", outside the expected "${current}"`);
  const mounted = await mountsUnder(current);
  if (mounted.length > 0) throw refuse(`"${mounted[0]?.mountPoint}" is still mounted`);
  try {
    await rm(current, { recursive: true, force: true });
  } catch (err) {
    throw osFailure(`remove "${current}"`, err);
  }
}
