// Releases volume mount IDs that no running container holds. dockerd can
// skip VolumeDriver.Unmount (a host crash; a stop after a live-restore
// restart, moby#46508), which would keep a volume mounted and unremovable
// forever. Runs beside the plugin sockets, never inside a plugin request.
import type { Logger } from '../logging';
import { errorMessage } from '../errors';
import type { WasmvolDriver } from '../drivers/volume';
import { volumesInUse } from '../docker-api/volumes-in-use';

export interface SweepResult {
  released: string[];
  volumesInUse: string[];
}

export interface StaleMountSweeper {
  /** `graceMs` overrides the configured grace for this sweep (an operator who knows no container is starting). */
  sweepNow(graceMs?: number): Promise<SweepResult>;
  stop(): void;
}

export interface SweeperOptions {
  volume: WasmvolDriver;
  dockerHost: string;
  logger: Logger;
  /** Between sweeps. */
  intervalMs?: number;
  /**
   * Mount IDs younger than this are kept: a container being started has its
   * volume mounted before it shows as running in dockerd's list.
   */
  graceMs?: number;
}

export function startStaleMountSweeper(opts: SweeperOptions): StaleMountSweeper {
  const intervalMs = opts.intervalMs ?? 10 * 60_000;
  const graceMs = opts.graceMs ?? 60_000;
  let dockerReachable = true;

  async function sweepNow(grace = graceMs): Promise<SweepResult> {
    const listedAt = Date.now();
    const inUse = await volumesInUse(opts.dockerHost);
    const released = await opts.volume.releaseIdleVolumes(inUse, { recordedBefore: new Date(listedAt - grace) });
    if (released.length > 0) opts.logger.warn({ released }, 'released volume mounts no running container holds');
    return { released, volumesInUse: [...inUse].sort() };
  }

  const tick = () => {
    sweepNow(graceMs).then(
      () => (dockerReachable = true),
      (err: unknown) => {
        // dockerd is usually started after us; say so once, not every sweep.
        if (dockerReachable) opts.logger.info({ err: errorMessage(err) }, 'cannot sweep stale volume mounts yet');
        dockerReachable = false;
      },
    );
  };
  const first = setTimeout(tick, Math.min(graceMs, 30_000));
  const every = setInterval(tick, intervalMs);
  first.unref();
  every.unref();
  return {
    sweepNow,
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
