// `wasmdriver serve`: runs the plugin daemon until SIGINT/SIGTERM; SIGHUP
// reloads the policies. Settings come from flags, then WASMDRIVER_*
// variables, then the configuration file (see host/config/resolve.ts).
import type { Command } from 'commander';
import { createLogger } from '../logging';
import { startDaemon } from '../daemon/daemon';
import { resolveSettings, type ServeFlags } from '../config/resolve';
import { DEFAULT_CONFIG_FILE } from '../config/config-file';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the wasmnet and wasmvol plugins on Unix sockets for dockerd')
    .option('--config <file>', `configuration file, YAML or JSON (default: ${DEFAULT_CONFIG_FILE} if it exists; env WASMDRIVER_CONFIG)`)
    .option('--socket-dir <dir>', 'where the plugin sockets are created (default /run/docker/plugins; env WASMDRIVER_SOCKET_DIR)')
    .option('--state-dir <dir>', 'where the state database lives (default /var/lib/wasmdriver; env WASMDRIVER_STATE_DIR)')
    .option('--policy-dir <dir>', 'where NAME.wasm policies are loaded from (default /etc/wasmdriver/policies; env WASMDRIVER_POLICY_DIR)')
    .option('--admin-socket <path>', 'admin API socket for `status` and /metrics (default /run/wasmdriver/admin.sock; env WASMDRIVER_ADMIN_SOCKET)')
    .option('--metrics-listen <host:port>', 'also serve /metrics on this loopback address, e.g. 127.0.0.1:9323 (env WASMDRIVER_METRICS_LISTEN)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (default info; env WASMDRIVER_LOG_LEVEL)')
    .option('--record-inputs', 'log full decision inputs, for `policy replay` (env WASMDRIVER_RECORD_INPUTS)')
    .option('--budget-ms <ms>', 'default time budget of one policy call (default 100; env WASMDRIVER_BUDGET_MS)')
    .option('--docker-host <unix:///path>', 'dockerd socket asked which volumes are in use, to release stale mounts (default unix:///var/run/docker.sock; env WASMDRIVER_DOCKER_HOST)')
    .action(async (flags: ServeFlags) => {
      // Before start-up: npx may already be gone by the time the daemon serves.
      const parent = process.ppid;
      const settings = resolveSettings(flags);
      const logger = createLogger({ level: settings.logLevel });
      if (settings.configFile) logger.info({ configFile: settings.configFile }, 'configuration file read');
      const daemon = await startDaemon(settings.daemon, logger);
      const reload = () => {
        logger.info({ signal: 'SIGHUP' }, 'reloading policies');
        void daemon.services.policy.reload('SIGHUP');
      };
      process.on('SIGHUP', reload);
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals | 'npx exited') => {
          // One shutdown, however many of SIGINT, SIGTERM and npx's exit arrive.
          if (stopping) return;
          stopping = true;
          logger.info({ signal }, 'shutting down');
          process.off('SIGHUP', reload);
          daemon.close().then(resolve, (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            process.exitCode = 1;
            resolve();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const watch = watchNpxParent(parent, () => stop('npx exited'));
        if (watch) logger.debug('started by npx: stops when npx does');
      });
      // Everything was closed in order above; a handle some library keeps
      // must not hold a stopping daemon (or systemd's stop) hostage. The log
      // is flushed first so its last lines are not lost.
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
      process.exit();
    });
}

/**
 * Under `npx wasmdriver serve`, the daemon is npm's grandchild (npm exec ->
 * sh -c -> node) and a SIGTERM sent to npx never reaches it: npx and the
 * shell exit and the daemon is left serving, reparented. When started that
 * way, it treats losing `parent` (its parent when it started) as being told
 * to stop. Returns the timer, or undefined when not started by npx.
 */
function watchNpxParent(parent: number, stop: () => void): NodeJS.Timeout | undefined {
  if (process.env.npm_command !== 'exec') return undefined;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, 500);
  timer.unref();
  return timer;
}
