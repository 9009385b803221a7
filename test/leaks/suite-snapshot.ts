// What a whole test run may not leave behind: every link and namespace
// (whatever its name: our drivers name links after Docker's IDs), anything
// carrying our prefixes, and processes the harness starts.
import { readdir, readFile } from 'node:fs/promises';
import { run } from '../../host/linux/exec';
import { snapshotKernelObjects, diffKernelObjects, type KernelSnapshot } from '../helpers/leaks';

export interface SuiteSnapshot {
  kernel: KernelSnapshot;
  links: string[];
  netns: string[];
  processes: string[];
}

const OUR_PREFIXES = ['wdk', 'wdt', 'wasmdriver', 'wasmvol', 'wasmnet'];
const PROCESS_MARKERS = ['dist/wasmdriver.mjs', '/run/wasmdriver-test/'];

export async function takeSuiteSnapshot(): Promise<SuiteSnapshot> {
  const kernel = await snapshotKernelObjects({ prefixes: OUR_PREFIXES });
  const links = (JSON.parse((await run(['ip', '-json', 'link', 'show'])).stdout || '[]') as { ifname: string }[]).map((l) => l.ifname).sort();
  const netns = (await run(['ip', 'netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0] ?? '').filter(Boolean).sort();
  const processes: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ').trim();
    if (PROCESS_MARKERS.some((m) => cmdline.includes(m))) processes.push(`${pid} ${cmdline}`);
  }
  return { kernel, links, netns, processes: processes.sort() };
}

/** Lines describing what `after` has that `before` did not; empty when nothing leaked. */
export function suiteLeaks(before: SuiteSnapshot, after: SuiteSnapshot): string[] {
  const added = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
  return [
    ...diffKernelObjects(before.kernel, after.kernel).text.split('\n').filter((l) => l.startsWith('leaked')),
    ...added(after.links, before.links).map((l) => `leaked link: ${l}`),
    ...added(after.netns, before.netns).map((n) => `leaked network namespace: ${n}`),
    ...added(after.processes, before.processes).map((p) => `leaked process: ${p}`),
  ];
}
