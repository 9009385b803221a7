// VolumeDriver.Remove: refused while a container holds the volume; then
// the data (and a size-limited volume's image with it) is deleted, as the
// `local` driver deletes its _data, and the record goes last.
import { conflict } from '../../errors';
import type { VolumeNameRequest } from '../../protocol/volume-driver';
import { LAYOUT_KEY, detach, mountpointOf, relativeDataPath, type VolumeContext } from './context';
import { existingDirBeneath, removeDirBeneath, removeEmptyDir } from '../../linux/data-dirs';
import { validateVolumeName } from './names';

export async function removeVolume(ctx: VolumeContext, req: VolumeNameRequest): Promise<void> {
  const name = validateVolumeName(req.Name);
  await ctx.byName.run(name, () =>
    ctx.layout.run(LAYOUT_KEY, async () => {
      const rec = ctx.store.volumes.get(name);
      if (!rec) {
        // Deleting what is already gone succeeds, so `docker volume rm` can
        // always clear Docker's side of a volume this daemon lost.
        ctx.logger.info({ volume: name }, 'remove of an unknown volume: nothing to do');
        return;
      }
      const mounts = ctx.store.volumeMounts.listByVolume(name);
      if (mounts.length > 0) {
        const ids = mounts.map((m) => m.mountId.slice(0, 12));
        throw conflict(
          `volume "${name}" is in use by ${mounts.length} mount${mounts.length > 1 ? 's' : ''} (mount ID${mounts.length > 1 ? 's' : ''} ${ids.join(', ')}); ` +
            'stop the containers using it first (after a daemon crash: wasmdriver can release mounts of containers that are gone)',
        );
      }
      await ctx.roots();
      const target = mountpointOf(ctx, name);
      // A mount without IDs is left from a crash: nobody uses it.
      await detach(ctx, target);

      const rel = relativeDataPath(ctx, rec);
      const dataDir = await existingDirBeneath(ctx.dataRoot, rel);
      if (dataDir) {
        // rm -r would descend into anything mounted inside and delete its files.
        const inside = await ctx.ops.mountpointsUnder(dataDir);
        if (inside.length > 0) {
          throw conflict(`cannot delete the data of volume "${name}": "${inside[0]}" is mounted inside "${dataDir}"; unmount it first`);
        }
      }
      await removeDirBeneath(ctx.dataRoot, rel);
      ctx.store.volumes.delete(name);
      if (!(await removeEmptyDir(target))) ctx.logger.warn({ volume: name, target }, 'left the mount point directory: it is not empty');
      ctx.logger.info({ volume: name, dataPath: rec.dataPath }, 'volume removed with its data');
    }),
  );
}
