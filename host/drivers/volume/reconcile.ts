// Bringing the kernel and the database back in line after a crash or a
// Docker restart, without asking Docker anything: reconcile() compares the
// mounts under the mount root with the recorded mount IDs at daemon start;
// releaseStaleMounts() drops IDs the caller learnt (from dockerd's container
// list) no container holds any more, since Docker never sends those Unmounts.
import path from 'node:path';
import { errorMessage } from '../../errors';
import { detach, mountpointOf, type VolumeContext } from './context';
import { listDir, removeEmptyDir } from '../../linux/data-dirs';

export interface ReconcileReport {
  /** Mount points unmounted because no mount ID holds them. */
  unmounted: string[];
  /**
   * Volumes with mount IDs whose mount vanished (e.g. after a reboot). They
   * are mounted again by the next Mount call for them, not at start: the
   * IDs are usually stale, and releaseStaleMounts is what clears those.
   */
  awaitingRemount: Array<{ volume: string; mountIds: string[] }>;
  /** Empty mount point directories of volumes that no longer exist. */
  removedMountDirs: string[];
  /** What could not be fixed, with why; the daemon keeps serving. */
  failures: string[];
}

export async function reconcileVolumes(ctx: VolumeContext): Promise<ReconcileReport> {
  await ctx.roots();
  const report: ReconcileReport = { unmounted: [], awaitingRemount: [], removedMountDirs: [], failures: [] };
  const held = new Map<string, string[]>();
  for (const m of ctx.store.volumeMounts.list()) held.set(m.volumeName, [...(held.get(m.volumeName) ?? []), m.mountId]);

  const mounted = [...new Set(await ctx.ops.mountpointsUnder(ctx.mountRoot))].filter((p) => p !== ctx.mountRoot);
  // Deepest first, so nothing is unmounted from under another mount.
  mounted.sort((a, b) => b.split('/').length - a.split('/').length);
  for (const point of mounted) {
    const rel = path.relative(ctx.mountRoot, point);
    const name = rel.split('/')[0]!;
    const wanted = !rel.includes('/') && held.has(name) && ctx.store.volumes.get(name) !== undefined;
    if (wanted) continue;
    try {
      await ctx.byName.run(name, () => detach(ctx, point));
      report.unmounted.push(point);
    } catch (err) {
      report.failures.push(`unmount "${point}": ${errorMessage(err)}`);
    }
  }

  for (const [volume, mountIds] of held) {
    if (!mounted.includes(mountpointOf(ctx, volume))) report.awaitingRemount.push({ volume, mountIds });
  }

  for (const entry of await listDir(ctx.mountRoot)) {
    if (ctx.store.volumes.get(entry) || mounted.includes(path.join(ctx.mountRoot, entry))) continue;
    try {
      if (await removeEmptyDir(path.join(ctx.mountRoot, entry))) report.removedMountDirs.push(path.join(ctx.mountRoot, entry));
    } catch (err) {
      report.failures.push(`remove "${path.join(ctx.mountRoot, entry)}": ${errorMessage(err)}`);
    }
  }

  const level = report.failures.length > 0 ? 'error' : report.unmounted.length + report.awaitingRemount.length > 0 ? 'warn' : 'info';
  ctx.logger[level]({ ...report }, 'volume mounts reconciled');
  return report;
}

export interface ReleaseOptions {
  /**
   * Only IDs recorded before this instant are released: a container that
   * started after the caller read dockerd's container list is not in
   * `activeMountIds`, yet holds its volume. Defaults to the call's start.
   */
  recordedBefore?: Date;
}

/** Releases mount IDs not in `activeMountIds`; unmounts volumes left without any. Returns "volume/mountId" of each released ID. */
/** Drops mount IDs that `held` says nobody holds any more; returns the "volume/mountId" pairs released. */
export async function releaseMounts(ctx: VolumeContext, held: (volume: string, mountId: string) => boolean, opts: ReleaseOptions = {}): Promise<string[]> {
  const cutoff = (opts.recordedBefore ?? new Date()).toISOString();
  const volumes = new Set(ctx.store.volumeMounts.list().map((m) => m.volumeName));
  const released: string[] = [];
  for (const name of volumes) {
    await ctx.byName.run(name, async () => {
      const stale = ctx.store.volumeMounts
        .listByVolume(name)
        .filter((m) => !held(name, m.mountId) && m.createdAt <= cutoff);
      if (stale.length === 0) return;
      ctx.store.transaction(() => {
        for (const m of stale) ctx.store.volumeMounts.delete(name, m.mountId);
      });
      released.push(...stale.map((m) => `${name}/${m.mountId}`));
      const left = ctx.store.volumeMounts.count(name);
      ctx.logger.warn({ volume: name, mountIds: stale.map((m) => m.mountId), holders: left }, 'released mount IDs no container holds');
      if (left === 0) {
        // The IDs are released either way; the mount is retried by the next reconcile or Remove.
        await detach(ctx, mountpointOf(ctx, name)).catch((err: unknown) =>
          ctx.logger.error({ volume: name, err: errorMessage(err) }, 'could not unmount a volume whose mount IDs were released'),
        );
      }
    });
  }
  return released;
}
