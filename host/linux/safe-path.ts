// Creating a volume directory from a path chosen by an untrusted policy.
// The path must be relative and normalised; it is created one component at
// a time without following a symlink at any component, and the result must
// resolve to exactly root + path. This stops "../../etc", "/etc" and a
// symlink planted inside the volume root (say by a container that has an
// intermediate directory mounted) from redirecting us outside the root.
//
// Residual TOCTOU risk: Node has no openat()/O_PATH walk, so the checks are
// on path names. Someone able to write inside the root can swap a checked
// directory for a symlink (a) between our lstat and mkdir of the next
// component: the final realpath check catches that, and (b) after we return
// and before the caller uses the path (e.g. mounts it). (b) is only open to
// writers of the root's intermediate directories, so keep volume roots owned
// by root and never mount an intermediate directory into a container; the
// caller should use the returned path at once.
import { lstat, mkdir, open, realpath } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { conflict, invalid } from '../errors';
import { osFailure } from './exec';

export interface DirOptions {
  /** Owner and mode applied to the final directory only (intermediates: root, 0755). */
  uid?: number;
  gid?: number;
  mode?: number;
}

const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 4095;

/** Splits a policy-chosen relative path into components, or throws `invalid`. */
export function splitRelativePath(relativePath: unknown): string[] {
  const bad = (why: string) => invalid(`invalid relative path ${JSON.stringify(relativePath)}: ${why}`);
  if (typeof relativePath !== 'string') throw bad('not a string');
  if (relativePath === '') throw bad('empty');
  if (relativePath.includes('\0')) throw bad('contains a NUL byte');
  if (relativePath.startsWith('/')) throw bad('absolute paths are not allowed');
  if (Buffer.byteLength(relativePath) > MAX_PATH_BYTES) throw bad('too long');
  const parts = relativePath.split('/');
  for (const p of parts) {
    if (p === '') throw bad('empty component (leading, trailing or doubled "/")');
    if (p === '.' || p === '..') throw bad(`"${p}" components are not allowed`);
    if (Buffer.byteLength(p) > MAX_NAME_BYTES) throw bad(`component longer than ${MAX_NAME_BYTES} bytes`);
  }
  return parts;
}

const errnoOf = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/**
 * Ensures directory `root/relativePath` exists, creating missing components,
 * and returns its real path. Throws `invalid` for a malformed path and
 * `conflict` when a component is a symlink or not a directory.
 */
export async function ensureDirBeneath(root: string, relativePath: string, opts: DirOptions = {}): Promise<string> {
  if (typeof root !== 'string' || !path.isAbsolute(root) || root.includes('\0')) {
    throw invalid(`invalid root ${JSON.stringify(root)}: must be an absolute path`);
  }
  const parts = splitRelativePath(relativePath);
  for (const [name, v, max] of [['uid', opts.uid, 0xfffffffe], ['gid', opts.gid, 0xfffffffe], ['mode', opts.mode, 0o7777]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > max)) throw invalid(`invalid directory ${name} ${JSON.stringify(v)}`);
  }
  const refuse = (why: string) => conflict(`refusing directory "${relativePath}" beneath "${root}": ${why}`);

  let realRoot: string;
  try {
    realRoot = await realpath(root);
    if (!(await lstat(realRoot)).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    throw osFailure(`resolve root "${root}"`, err);
  }

  let current = realRoot;
  for (const [i, part] of parts.entries()) {
    current = path.join(current, part);
    const shown = parts.slice(0, i + 1).join('/');
    for (let attempt = 0; ; attempt++) {
      let st;
      try {
        st = await lstat(current);
      } catch (err) {
        if (errnoOf(err) !== 'ENOENT') throw osFailure(`inspect "${current}"`, err);
      }
      if (st) {
        if (st.isSymbolicLink()) throw refuse(`"${shown}" is a symbolic link`);
        if (!st.isDirectory()) throw refuse(`"${shown}" exists and is not a directory`);
        break;
      }
      if (attempt >= 3) throw refuse(`"${shown}" keeps changing while it is being created`);
      try {
        // mkdir never follows a symlink at its last component. Either way
        // the loop re-inspects what is there now (ours, or a racer's).
        await mkdir(current, { mode: 0o755 });
      } catch (err) {
        if (errnoOf(err) !== 'EEXIST') throw osFailure(`create directory "${current}"`, err);
      }
    }
  }

  if (opts.uid !== undefined || opts.gid !== undefined || opts.mode !== undefined) {
    // O_NOFOLLOW + O_DIRECTORY: chown/chmod act on the directory we checked,
    // never through a symlink swapped in at the last component.
    let fh;
    try {
      fh = await open(current, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
    } catch (err) {
      if (errnoOf(err) === 'ELOOP' || errnoOf(err) === 'ENOTDIR') throw refuse('the directory was replaced while it was being created');
      throw osFailure(`open "${current}"`, err);
    }
    try {
      if (opts.uid !== undefined || opts.gid !== undefined) await fh.chown(opts.uid ?? -1, opts.gid ?? -1);
      if (opts.mode !== undefined) await fh.chmod(opts.mode);
    } catch (err) {
      throw osFailure(`set owner/mode of "${current}"`, err);
    } finally {
      await fh.close();
    }
  }

  let real: string;
  try {
    real = await realpath(current);
  } catch (err) {
    throw osFailure(`resolve "${current}"`, err);
  }
  if (real !== current) throw refuse(`it resolves to "${real}", outside the expected "${current}"`);
  return real;
}
