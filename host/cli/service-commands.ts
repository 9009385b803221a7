// Helpers the systemd unit runs around `serve`, with the same flags,
// variables and configuration file, so they find the sockets `serve` uses:
//   remove-stale-sockets (ExecStartPre)  sockets a crash left behind go; a live one is refused
//   wait-ready (ExecStartPost)           returns once dockerd can reach both plugins
import type { Command } from 'commander';
import { join } from 'node:path';
import { claimSocketPath, probeSocket } from '../daemon/socket-guard';
import { resolveSettings, type ServeFlags } from '../config/resolve';
import { DEFAULT_CONFIG_FILE } from '../config/config-file';

function socketsOf(flags: ServeFlags): { plugins: string[]; admin: string } {
  const { daemon } = resolveSettings(flags);
  return { plugins: [join(daemon.socketDir, 'wasmnet.sock'), join(daemon.socketDir, 'wasmvol.sock')], admin: daemon.adminSocket };
}

function withLocationFlags(cmd: Command): Command {
  return cmd
    .option('--config <file>', `configuration file (default: ${DEFAULT_CONFIG_FILE} if it exists)`)
    .option('--socket-dir <dir>', 'plugin socket directory, as given to serve')
    .option('--admin-socket <path>', 'admin socket, as given to serve');
}

export function registerServiceCommands(program: Command): void {
  withLocationFlags(
    program.command('remove-stale-sockets').description('remove plugin and admin sockets nobody answers on (run before serve); fails if one is live'),
  ).action(async (flags: ServeFlags) => {
    const { plugins, admin } = socketsOf(flags);
    for (const path of [...plugins, admin]) {
      const outcome = await claimSocketPath(path);
      if (outcome === 'replaced-stale') process.stdout.write(`removed stale socket ${path}\n`);
    }
  });

  withLocationFlags(
    program.command('wait-ready').description('wait until both plugin sockets answer (run after serve starts)'),
  )
    .option('--timeout <seconds>', 'give up after this long', '60')
    .action(async (flags: ServeFlags & { timeout: string }) => {
      const { plugins } = socketsOf(flags);
      const timeoutMs = Number(flags.timeout) * 1000;
      if (!(timeoutMs > 0)) throw new Error(`--timeout: "${flags.timeout}" is not a positive number of seconds`);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const states = await Promise.all(plugins.map((p) => probeSocket(p).catch(() => 'absent' as const)));
        if (states.every((s) => s === 'live')) return;
        if (Date.now() > deadline) {
          throw new Error(`plugin sockets not ready after ${flags.timeout} s: ${plugins.map((p, i) => `${p} is ${states[i]}`).join(', ')}; is \`wasmdriver serve\` running? A daemon that exits at start-up says why in its log`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    });
}
