// `wasmdriver volumes release-stale`: asks the running daemon to release the
// mount IDs of volumes no running container uses (dockerd skipped their
// Unmount), so they can be unmounted and removed again.
import type { Command } from 'commander';
import { adminRequest } from '../admin/admin-client';
import { ENV } from '../config/resolve';
import { defaultDaemonConfig } from '../daemon/services';
import type { SweepResult } from '../daemon/stale-mount-sweeper';

export function registerVolumesCommands(program: Command): void {
  const volumes = program.command('volumes').description('maintenance of wasmvol volumes');
  volumes
    .command('release-stale')
    .description('release mount IDs of volumes that no running container uses (after dockerd skipped Unmount)')
    .option('--admin-socket <path>', `admin socket of the daemon (default ${defaultDaemonConfig().adminSocket}; env ${ENV.adminSocket})`)
    .option('--grace <seconds>', 'keep mount IDs younger than this (a container may be starting)', '60')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { adminSocket?: string; json?: boolean; grace: string }) => {
      if (!/^\d{1,6}$/.test(opts.grace)) throw new Error(`--grace: "${opts.grace}" is not a whole number of seconds`);
      const socket = opts.adminSocket ?? (process.env[ENV.adminSocket] || defaultDaemonConfig().adminSocket);
      const path = `/volumes/release-stale?graceMs=${Number(opts.grace) * 1000}`;
      const result = JSON.parse(await adminRequest(socket, 'POST', path)) as SweepResult;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else if (result.released.length === 0) {
        process.stdout.write('no stale volume mounts\n');
      } else {
        for (const r of result.released) process.stdout.write(`released ${r}\n`);
      }
    });
}
