// VolumeDriver.Mount and Unmount: one record per mount ID (one per
// container), persisted, so the volume stays mounted while any ID holds it
// and the refcount survives a daemon restart.
import type { VolumeMountRequest, VolumeMountResponse } from '../../protocol/volume-driver';
import { attach, detach, mountpointOf, requireVolume, type VolumeContext } from './context';
import { validateVolumeName } from './names';

export async function mountVolume(ctx: VolumeContext, req: VolumeMountRequest): Promise<VolumeMountResponse> {
  const name = validateVolumeName(req.Name);
  return ctx.byName.run(name, async () => {
    const rec = requireVolume(ctx, name);
    const holders = ctx.store.volumeMounts.listByVolume(name);
    // Always ensured, not only for the first ID: a mount that vanished
    // (host reboot, someone's umount) comes back on the next Mount.
    const target = await attach(ctx, rec);
    if (!holders.some((m) => m.mountId === req.ID)) {
      try {
        // Mount IDs describe mounts a power loss undoes anyway: no fsync needed.
        ctx.store.transaction(() => ctx.store.volumeMounts.insert(name, req.ID), { durability: 'process' });
      } catch (err) {
        if (holders.length === 0) await detach(ctx, target).catch((e: unknown) => ctx.logger.error({ volume: name, err: e }, 'could not undo a mount'));
        throw err;
      }
      ctx.logger.info({ volume: name, mountId: req.ID, holders: holders.length + 1, target }, 'volume mounted');
    }
    return { Mountpoint: target };
  });
}

export async function unmountVolume(ctx: VolumeContext, req: VolumeMountRequest): Promise<void> {
  const name = validateVolumeName(req.Name);
  await ctx.byName.run(name, async () => {
    if (!ctx.store.volumes.get(name)) {
      ctx.logger.info({ volume: name, mountId: req.ID }, 'unmount of an unknown volume: nothing to do');
      return;
    }
    const released = ctx.store.transaction(() => ctx.store.volumeMounts.delete(name, req.ID), { durability: 'process' });
    const left = ctx.store.volumeMounts.count(name);
    if (!released) ctx.logger.info({ volume: name, mountId: req.ID, holders: left }, 'unmount of an unknown mount ID: nothing to release');
    // Also for an unknown ID: Docker retrying an Unmount whose detach failed
    // gets a second try at it.
    if (left === 0) await detach(ctx, mountpointOf(ctx, name));
    if (released) ctx.logger.info({ volume: name, mountId: req.ID, holders: left }, left === 0 ? 'volume unmounted' : 'mount ID released');
  });
}
