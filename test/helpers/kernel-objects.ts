// Set-up shared by kernel test files for the objects they create: links
// handed out by name and removed after the file, and the loop devices a
// volume test must not leave attached.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { deleteLink, listLinks } from '../../host/linux/links';
import { assertKernelReady } from './kernel';
import { uniqueName } from './netns';

export interface LinkTestOptions {
  /** How after() removes each link; default deleteLink (the daemon's ip session). */
  remove?: (name: string) => Promise<unknown>;
}

/**
 * Registers the file's before() (root with bridge and veth support) and
 * after() (deletes every link name handed out, then fails, naming `label`,
 * if any of them is still there); returns `fresh(suffix)`, which hands out a
 * uniqueName() with that suffix ("b" by default) and remembers it.
 */
export function linkTestSetup(label: string, opts: LinkTestOptions = {}): (suffix?: string) => string {
  const created: string[] = [];
  const remove = opts.remove ?? deleteLink;
  before(() => assertKernelReady(['bridge', 'veth']));
  after(async () => {
    for (const n of created) await remove(n);
    const left = (await listLinks()).filter((l) => created.includes(l.name));
    assert.deepEqual(left.map((l) => l.name), [], `${label} tests left links behind`);
  });
  return (suffix = 'b') => {
    const n = uniqueName(suffix);
    created.push(n);
    return n;
  };
}

/** `loopN -> backing file` for every loop device whose backing file starts with `prefix`. */
export async function loopsBackedBy(prefix: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of (await readdir('/sys/block')).filter((x) => x.startsWith('loop'))) {
    const b = (await readFile(`/sys/block/${d}/loop/backing_file`, 'utf8').catch(() => '')).trim();
    if (b.startsWith(prefix)) out.push(`${d} -> ${b}`);
  }
  return out;
}
