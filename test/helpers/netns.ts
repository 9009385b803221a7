// Network namespaces for kernel tests: each test makes its own, named with
// the `wdk` prefix plus random hex, and deletes it in finally/after. Node
// cannot setns() in-process, so commands run through `ip netns exec`.
import { randomBytes } from 'node:crypto';
import { run, type ExecOptions, type ExecResult } from '../../host/linux/exec';
import { validateIfName } from '../../host/linux/names';

/** A fresh name for a test object: `wdk` + 6 hex (+ an optional short suffix). */
export function uniqueName(suffix = ''): string {
  return validateIfName(`wdk${randomBytes(3).toString('hex')}${suffix}`);
}

export async function createNetns(name: string): Promise<void> {
  validateIfName(name, 'netns');
  await run(['ip', 'netns', 'add', name]);
  // Loopback is down in a new namespace; many tools expect it up.
  await run(['ip', '-n', name, 'link', 'set', 'dev', 'lo', 'up']);
}

/** Deletes a namespace (its interfaces go with it). Missing is success. */
export async function deleteNetns(name: string): Promise<void> {
  validateIfName(name, 'netns');
  const { stdout } = await run(['ip', 'netns', 'list']);
  if (!stdout.split('\n').some((l) => l.split(' ')[0] === name)) return;
  await run(['ip', 'netns', 'delete', name]);
}

export function execInNetns(ns: string, argv: readonly string[], opts?: ExecOptions): Promise<ExecResult> {
  validateIfName(ns, 'netns');
  return run(['ip', 'netns', 'exec', ns, ...argv], opts);
}

/** Runs `fn` with a fresh namespace that is deleted afterwards, even on failure. */
export async function withNetns<T>(fn: (ns: string) => Promise<T>): Promise<T> {
  const ns = uniqueName('n');
  await createNetns(ns);
  try {
    return await fn(ns);
  } finally {
    await deleteNetns(ns);
  }
}

/**
 * Moves `link` into `ns` as a container would have it: renamed, addressed,
 * up, with a default route via `gateway` when given.
 */
export async function plugIntoNetns(
  link: string,
  ns: string,
  opts: { ifname?: string; address: string; gateway?: string; address6?: string },
): Promise<void> {
  const ifname = opts.ifname ?? 'eth0';
  await run(['ip', 'link', 'set', 'dev', link, 'netns', ns]);
  await run(['ip', '-n', ns, 'link', 'set', 'dev', link, 'name', ifname]);
  await run(['ip', '-n', ns, 'address', 'add', opts.address, 'dev', ifname]);
  // nodad: usable at once instead of after duplicate address detection.
  if (opts.address6) await run(['ip', '-n', ns, 'address', 'add', opts.address6, 'dev', ifname, 'nodad']);
  await run(['ip', '-n', ns, 'link', 'set', 'dev', ifname, 'up']);
  if (opts.gateway) await run(['ip', '-n', ns, 'route', 'add', 'default', 'via', opts.gateway]);
}
