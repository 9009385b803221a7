// Directories below an operator-configured root whose contents are
// untrusted (volume data a container can write, paths a policy chose):
// looked up and removed without following a symlink anywhere on the way.
// Creation goes through safe-path.ts, deletion of the data through
// safe-remove.ts.
import { lstat, mkdir, readdir, realpath, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { conflict } from '../errors';
import { osFailure } from './exec';
import { splitRelativePath } from './safe-path';
import { removeDirBeneath as removeTreeBeneath } from './safe-remove';

const errnoOf = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/**
 * The real path of existing directory `root/rel`, or undefined when some
 * component is missing. A component that is a symlink or not a directory,
 * or a result outside `root`, is a conflict: we never act through it.
 */
export async function existingDirBeneath(root: string, rel: string): Promise<string | undefined> {
  const parts = splitRelativePath(rel);
  let current = root;
  for (const part of parts) {
    current = path.join(current, part);
    let st;
    try {
      st = await lstat(current);
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return undefined;
      throw osFailure(`inspect "${current}"`, err);
    }
    if (st.isSymbolicLink()) throw conflict(`refusing to use "${current}": it is a symbolic link, not the directory wasmvol created`);
    if (!st.isDirectory()) throw conflict(`refusing to use "${current}": it is not a directory`);
  }
  const real = await realpath(current).catch((err: unknown) => {
    throw osFailure(`resolve "${current}"`, err);
  });
  if (real !== current) throw conflict(`refusing to use "${current}": it resolves to "${real}"`);
  return real;
}

/**
 * Deletes `root/rel` and everything in it (refused while anything is
 * mounted beneath), then the parent directories the path added below
 * `root` once they are empty.
 */
export async function removeDirBeneath(root: string, rel: string): Promise<void> {
  await removeTreeBeneath(root, rel);
  const parts = splitRelativePath(rel);
  for (let n = parts.length - 1; n > 0; n--) {
    if (!(await removeEmptyDir(path.join(root, ...parts.slice(0, n))))) return;
  }
}

/** Removes `dir` when it is an empty directory; anything else is left alone. False when it stayed. */
export async function removeEmptyDir(dir: string): Promise<boolean> {
  try {
    await rmdir(dir);
    return true;
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return true;
    if (['ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EBUSY'].includes(errnoOf(err) ?? '')) return false;
    throw osFailure(`remove directory "${dir}"`, err);
  }
}

/** Entry names of `dir`; none when it does not exist. */
export async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return [];
    throw osFailure(`list "${dir}"`, err);
  }
}

/**
 * Creates an operator-configured root (0700: only root reads volume data
 * through it) and insists it is already a real path, so every path the
 * driver stores and compares with /proc/self/mountinfo is canonical.
 */
export async function prepareRoot(root: string, role: string): Promise<void> {
  try {
    await mkdir(root, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw osFailure(`create the ${role} "${root}"`, err);
  }
  const real = await realpath(root).catch((err: unknown) => {
    throw osFailure(`resolve the ${role} "${root}"`, err);
  });
  if (real !== root) throw conflict(`the ${role} "${root}" resolves to "${real}"; configure the real path instead`);
}

/** True when `p` exists (a symlink counts, and is not followed). */
export async function entryExists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return false;
    throw osFailure(`inspect "${p}"`, err);
  }
}

/** Unlinks `p` (a symlink itself, never its target); missing is success. */
export async function removeFile(p: string): Promise<void> {
  try {
    await rm(p, { force: true });
  } catch (err) {
    throw osFailure(`delete "${p}"`, err);
  }
}
