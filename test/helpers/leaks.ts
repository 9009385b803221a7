// Kernel-object leak detection: snapshot before a run, snapshot after, and
// fail when something carrying our prefixes appeared (or vanished).
import { readdir, readFile } from 'node:fs/promises';
import { run } from '../../host/linux/exec';
import { readMountinfo } from '../../host/linux/mountinfo';

export interface KernelSnapshot {
  netns: string[];
  links: string[];
  /** `mountPoint <- source (fstype)` for mounts touching our prefixes or roots. */
  mounts: string[];
  /** `loopN -> backing file` for loop devices backed by our files. */
  loops: string[];
  /** `iptables|ip6tables table: line` for chains and rules mentioning our prefixes. */
  iptables: string[];
}

export interface SnapshotOptions {
  /** Case-insensitive name prefixes/substrings. Default: `wdk`, `wasmdriver`. */
  prefixes?: readonly string[];
  /** Mounts at or under these paths count too (e.g. the daemon's state dirs). */
  mountRoots?: readonly string[];
}

const DEFAULT_PREFIXES = ['wdk', 'wasmdriver'];

export async function snapshotKernelObjects(opts: SnapshotOptions = {}): Promise<KernelSnapshot> {
  const prefixes = (opts.prefixes ?? DEFAULT_PREFIXES).map((p) => p.toLowerCase());
  const mentions = (s: string) => prefixes.some((p) => s.toLowerCase().includes(p));
  const roots = opts.mountRoots ?? [];

  const netns = (await run(['ip', 'netns', 'list'])).stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n !== '' && mentions(n));

  const links = (JSON.parse((await run(['ip', '-json', 'link', 'show'])).stdout || '[]') as { ifname: string }[])
    .map((l) => l.ifname)
    .filter(mentions);

  const mounts = (await readMountinfo())
    .filter(
      (m) =>
        mentions(m.mountPoint) ||
        mentions(m.source) ||
        roots.some((r) => m.mountPoint === r || m.mountPoint.startsWith(r.endsWith('/') ? r : r + '/')),
    )
    .map((m) => `${m.mountPoint} <- ${m.source} (${m.fsType})`);

  const loops: string[] = [];
  for (const dev of (await readdir('/sys/block').catch(() => [])).filter((d) => d.startsWith('loop'))) {
    const backing = (await readFile(`/sys/block/${dev}/loop/backing_file`, 'utf8').catch(() => '')).trim();
    if (backing && (mentions(backing) || roots.some((r) => backing.startsWith(r)))) loops.push(`${dev} -> ${backing}`);
  }

  const iptables: string[] = [];
  for (const tool of ['iptables', 'ip6tables']) {
    for (const table of ['filter', 'nat']) {
      const { stdout } = await run([tool, '-w', '5', '-t', table, '-S']);
      for (const line of stdout.split('\n')) if (mentions(line)) iptables.push(`${tool} ${table}: ${line}`);
    }
  }

  const sort = (a: string[]) => [...new Set(a)].sort();
  return { netns: sort(netns), links: sort(links), mounts: sort(mounts), loops: sort(loops), iptables: sort(iptables) };
}

export interface KernelDiff {
  added: KernelSnapshot;
  removed: KernelSnapshot;
  clean: boolean;
  /** Human-readable list of differences ('' when clean). */
  text: string;
}

export function diffKernelObjects(before: KernelSnapshot, after: KernelSnapshot): KernelDiff {
  const keys = ['netns', 'links', 'mounts', 'loops', 'iptables'] as const;
  const added = {} as KernelSnapshot;
  const removed = {} as KernelSnapshot;
  const lines: string[] = [];
  for (const k of keys) {
    const b = new Set(before[k]);
    const a = new Set(after[k]);
    added[k] = after[k].filter((x) => !b.has(x));
    removed[k] = before[k].filter((x) => !a.has(x));
    for (const x of added[k]) lines.push(`leaked ${k}: ${x}`);
    for (const x of removed[k]) lines.push(`vanished ${k}: ${x}`);
  }
  return { added, removed, clean: lines.length === 0, text: lines.join('\n') };
}
