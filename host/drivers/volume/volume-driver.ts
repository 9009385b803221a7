// wasmvol: the VolumeDriver Docker talks to, plus the two start-up repairs
// the daemon runs. Queries (Get, List, Path) answer from the database alone,
// so they work from the first request after a restart.
import path from 'node:path';
import { validateMountPath } from '../../linux/mount';
import type { Logger } from '../../logging';
import type { PolicyDecider } from '../../policy/decider';
import type { VolumeDriver } from '../../protocol/drivers';
import type { VolumeInfo } from '../../protocol/volume-driver';
import type { StateStore } from '../../state/store';
import type { VolumeRecord } from '../../state/volumes';
import { invalid } from '../../errors';
import { KeyedLock } from '../keyed-lock';
import { IMAGE_FILE, makeRoots, mountpointOf, requireVolume, type VolumeContext } from './context';
import { createVolume } from './create-volume';
import { pathsOverlap } from './paths';
import { linuxMountOps, type MountOps } from './mount-ops';
import { mountVolume, unmountVolume } from './mount-volume';
import { validateVolumeName } from './names';
import { reconcileVolumes, releaseMounts, type ReconcileReport, type ReleaseOptions } from './reconcile';
import { removeVolume } from './remove-volume';

export interface VolumeDriverDeps {
  store: StateStore;
  policy: PolicyDecider;
  /** Where volume data lives (`<dataRoot>/<policy path>`); default /var/lib/wasmdriver/volumes. */
  dataRoot: string;
  /** Where in-use volumes are mounted for Docker (`<mountRoot>/<name>`); default /run/wasmdriver/mounts. */
  mountRoot: string;
  logger: Logger;
  /** Kernel operations; tests of the bookkeeping substitute a fake. */
  mountOps?: MountOps;
}

export interface WasmvolDriver extends VolumeDriver {
  /** Run once at daemon start, before serving: unmounts mounts no mount ID holds. */
  reconcile(): Promise<ReconcileReport>;
  /** Drops mount IDs not in `activeMountIds` (from dockerd's containers); returns the "volume/mountId" pairs released. */
  releaseStaleMounts(activeMountIds: ReadonlySet<string>, opts?: ReleaseOptions): Promise<string[]>;
  /**
   * Drops every mount ID of volumes no running container uses. dockerd's API
   * names the volumes a container mounts but not its mount IDs, so this is
   * what a sweep driven by the container list can safely do.
   */
  releaseIdleVolumes(volumesInUse: ReadonlySet<string>, opts?: ReleaseOptions): Promise<string[]>;
}

export function createVolumeDriver(deps: VolumeDriverDeps): WasmvolDriver {
  const dataRoot = validateMountPath(deps.dataRoot, 'volume data root');
  const mountRoot = validateMountPath(deps.mountRoot, 'volume mount root');
  if (pathsOverlap(dataRoot, mountRoot)) {
    throw invalid(`the volume data root "${dataRoot}" and mount root "${mountRoot}" must not contain one another`);
  }
  const ctx: VolumeContext = {
    store: deps.store,
    policy: deps.policy,
    dataRoot,
    mountRoot,
    logger: deps.logger.child({ component: 'wasmvol' }),
    ops: deps.mountOps ?? linuxMountOps,
    byName: new KeyedLock(),
    layout: new KeyedLock(),
    roots: makeRoots(dataRoot, mountRoot),
  };

  const info = (rec: VolumeRecord, holders: number): VolumeInfo => ({
    Name: rec.name,
    ...(holders > 0 && { Mountpoint: mountpointOf(ctx, rec.name) }),
    CreatedAt: rec.createdAt,
    Status: {
      policy: rec.policy,
      tenant: rec.tenant ?? '',
      path: rec.dataPath,
      size: rec.sizeBytes === null ? 'unlimited' : (rec.options.size ?? String(rec.sizeBytes)),
      ...(rec.sizeBytes !== null && { sizeBytes: rec.sizeBytes, image: path.join(rec.dataPath, IMAGE_FILE) }),
      ...(rec.uid !== null && { uid: rec.uid }),
      ...(rec.gid !== null && { gid: rec.gid }),
      ...(rec.mode !== null && { mode: `0${rec.mode.toString(8)}` }),
      mounts: holders,
    },
  });

  return {
    create: (req) => createVolume(ctx, req),
    remove: (req) => removeVolume(ctx, req),
    mount: (req) => mountVolume(ctx, req),
    unmount: (req) => unmountVolume(ctx, req),
    async path(req) {
      const name = validateVolumeName(req.Name);
      requireVolume(ctx, name);
      return { Mountpoint: ctx.store.volumeMounts.count(name) > 0 ? mountpointOf(ctx, name) : '' };
    },
    async get(req) {
      const name = validateVolumeName(req.Name);
      const rec = requireVolume(ctx, name);
      return { Volume: info(rec, ctx.store.volumeMounts.count(name)) };
    },
    async list() {
      const holders = new Map<string, number>();
      for (const m of ctx.store.volumeMounts.list()) holders.set(m.volumeName, (holders.get(m.volumeName) ?? 0) + 1);
      return { Volumes: ctx.store.volumes.list().map((rec) => info(rec, holders.get(rec.name) ?? 0)) };
    },
    capabilities: async () => ({ Capabilities: { Scope: 'local' } }),
    reconcile: () => reconcileVolumes(ctx),
    releaseStaleMounts: (ids, opts) => releaseMounts(ctx, (_volume, id) => ids.has(id), opts),
    releaseIdleVolumes: (inUse, opts) => releaseMounts(ctx, (volume) => inUse.has(volume), opts),
  };
}
