// What every volume operation shares: state, policy, roots, kernel ops and
// the per-volume lock, plus the two mount steps (attach on the first mount
// ID, detach after the last) that Mount, Unmount, Remove and reconcile use.
import path from 'node:path';
import { conflict, notFound, systemFailure } from '../../errors';
import { ensureDirBeneath } from '../../linux/safe-path';
import type { Logger } from '../../logging';
import type { PolicyDecider } from '../../policy/decider';
import type { StateStore } from '../../state/store';
import type { VolumeRecord } from '../../state/volumes';
import { KeyedLock } from '../keyed-lock';
import { existingDirBeneath, prepareRoot } from '../../linux/data-dirs';
import type { MountOps } from './mount-ops';

/** File name of a size-limited volume's ext4 image, inside its data directory. */
export const IMAGE_FILE = 'volume.img';

export interface VolumeContext {
  store: StateStore;
  policy: PolicyDecider;
  dataRoot: string;
  mountRoot: string;
  logger: Logger;
  ops: MountOps;
  /** Serialises everything done to one volume name. */
  byName: KeyedLock;
  /** Serialises changes to the data layout (create, remove): path overlap checks and quotas see settled state. */
  layout: KeyedLock;
  /** Creates both roots once; later calls wait on the same promise. */
  roots(): Promise<void>;
}

export function makeRoots(dataRoot: string, mountRoot: string): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () => {
    ready ??= (async () => {
      await prepareRoot(dataRoot, 'volume data root');
      await prepareRoot(mountRoot, 'volume mount root');
    })().catch((err: unknown) => {
      // Retried on the next call: the operator may have fixed the cause.
      ready = undefined;
      throw err;
    });
    return ready;
  };
}

export const LAYOUT_KEY = 'layout';

export const mountpointOf = (ctx: VolumeContext, name: string): string => path.join(ctx.mountRoot, name);

export function requireVolume(ctx: VolumeContext, name: string): VolumeRecord {
  const rec = ctx.store.volumes.get(name);
  if (!rec) throw notFound(`volume "${name}" does not exist in wasmvol; create it with: docker volume create -d wasmvol ${name}`);
  return rec;
}

/** The data path relative to the data root, as the policy chose it. */
export function relativeDataPath(ctx: VolumeContext, rec: VolumeRecord): string {
  const rel = path.relative(ctx.dataRoot, rec.dataPath);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw systemFailure(
      `volume "${rec.name}" keeps its data at "${rec.dataPath}", outside the data root "${ctx.dataRoot}"; was the data root changed? Restore it to reach this volume`,
    );
  }
  return rel;
}

/** The volume's data directory, checked symlink-free; a missing one is an error, never silently recreated empty. */
export async function dataDirOf(ctx: VolumeContext, rec: VolumeRecord): Promise<string> {
  const dir = await existingDirBeneath(ctx.dataRoot, relativeDataPath(ctx, rec));
  if (!dir) throw systemFailure(`the data directory "${rec.dataPath}" of volume "${rec.name}" is missing; restore it from a backup or remove the volume`);
  return dir;
}

/** Mounts the volume on its mount point unless it already is; returns the mount point. */
export async function attach(ctx: VolumeContext, rec: VolumeRecord): Promise<string> {
  await ctx.roots();
  const dataDir = await dataDirOf(ctx, rec);
  const target = await ensureDirBeneath(ctx.mountRoot, rec.name);
  if (rec.sizeBytes !== null) await ctx.ops.mountImage(path.join(dataDir, IMAGE_FILE), target);
  else await ctx.ops.bind(dataDir, target);
  return target;
}

/**
 * Unmounts the volume's mount point (every stacked mount on it). A busy
 * point is detached lazily: its last user is already gone as far as Docker
 * knows, and the kernel frees it once nothing holds it.
 */
export async function detach(ctx: VolumeContext, target: string): Promise<void> {
  for (let i = 0; i < 8; i++) {
    const mounted = (await ctx.ops.mountpointsUnder(target)).includes(target);
    if (!mounted) return;
    try {
      await ctx.ops.unmount(target);
    } catch (err) {
      ctx.logger.warn({ target, err }, 'unmount failed; detaching lazily');
      await ctx.ops.unmount(target, { lazy: true });
    }
  }
  throw conflict(`failed to unmount "${target}": it is still mounted after 8 unmounts; inspect /proc/self/mountinfo`);
}
