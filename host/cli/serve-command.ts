// `wasmdriver serve`: runs the plugin daemon until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { createLogger } from '../logging';
import { startDaemon } from '../daemon/daemon';
import { defaultDaemonConfig } from '../daemon/services';

export function registerServeCommand(program: Command): void {
  const defaults = defaultDaemonConfig();
  program
    .command('serve')
    .description('serve the wasmnet and wasmvol plugins on Unix sockets for dockerd')
    .option('--socket-dir <dir>', 'where the plugin sockets are created', process.env.WASMDRIVER_SOCKET_DIR ?? defaults.socketDir)
    .option('--state-dir <dir>', 'where the state database lives', process.env.WASMDRIVER_STATE_DIR ?? defaults.stateDir)
    .option('--policy-dir <dir>', 'where NAME.wasm policies are loaded from', process.env.WASMDRIVER_POLICY_DIR ?? defaults.policyDir)
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace', process.env.WASMDRIVER_LOG_LEVEL ?? 'info')
    .action(async (opts: { socketDir: string; stateDir: string; policyDir: string; logLevel: string }) => {
      const logger = createLogger({ level: opts.logLevel as 'info' });
      const daemon = await startDaemon({ ...defaults, socketDir: opts.socketDir, stateDir: opts.stateDir, policyDir: opts.policyDir }, logger);
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          logger.info({ signal }, 'shutting down');
          daemon.close().then(resolve, (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            process.exitCode = 1;
            resolve();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
