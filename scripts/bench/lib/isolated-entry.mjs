// Runs inside `unshare --net --mount`: hides the host's volume mount root
// behind a private tmpfs, then starts the daemon with the given arguments.
// A second daemon's start-up reconciliation removes wasmdriver-owned links
// and mounts its own state does not know; isolated like this it sees none
// of another run's bridges or volumes, so it can never remove them.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';

// A tmpfs mounted here outside a private mount namespace would hide the
// host's real mounts from everyone; the parent names its own namespace.
const parentNs = process.env.WASMDRIVER_BENCH_PARENT_MNT_NS;
if (!parentNs || readlinkSync('/proc/self/ns/mnt') === parentNs) {
  process.stderr.write('isolated-entry: not in a private mount namespace; run it under `unshare --net --mount`\n');
  process.exit(2);
}
const MOUNT_ROOT = '/run/wasmdriver';
if (existsSync(MOUNT_ROOT)) {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'wasmdriver-bench', MOUNT_ROOT]);
}
const child = spawn(process.execPath, process.argv.slice(2), { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
