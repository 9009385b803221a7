// The kernel work a volume needs, as one narrow interface: the driver's
// bookkeeping (refcounts, rollback, reconcile) is unit-tested against a
// fake, and the real mounts are exercised by the kernel tier.
import { createSizedFilesystem, mountLoop } from '../../linux/loopfs';
import { bindMount, unmount } from '../../linux/mount';
import { mountsUnder } from '../../linux/mountinfo';

export interface MountOps {
  /** Bind-mounts `source` on `target`; already bound from `source` is success. */
  bind(source: string, target: string): Promise<void>;
  /** Creates an ext4 image of `sizeBytes`; an existing one of that size is success. */
  makeImage(image: string, sizeBytes: number, owner: { uid?: number; gid?: number }): Promise<void>;
  /** Loop-mounts `image` on `target`; already mounted from `image` is success. */
  mountImage(image: string, target: string): Promise<void>;
  /** Unmounts `target` (topmost mount only); not mounted is success. */
  unmount(target: string, opts?: { lazy?: boolean }): Promise<void>;
  /** Mount points at or beneath `dir`, in mount order (a stacked point appears once per mount). */
  mountpointsUnder(dir: string): Promise<string[]>;
}

export const linuxMountOps: MountOps = {
  bind: (source, target) => bindMount(source, target),
  makeImage: (image, sizeBytes, owner) => createSizedFilesystem(image, sizeBytes, owner),
  mountImage: (image, target) => mountLoop(image, target),
  unmount: (target, opts) => unmount(target, opts),
  mountpointsUnder: async (dir) => (await mountsUnder(dir)).map((m) => m.mountPoint),
};
