// The e2e image: Debian's static busybox imported with `docker import`,
// because no registry is reachable to pull one.
import { mkdtemp, mkdir, copyFile, symlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { run } from './run';
import type { DockerEngine } from './dockerd';

export const TEST_IMAGE = 'wasmdriver-test/busybox:1';

export async function ensureTestImage(engine: DockerEngine): Promise<string> {
  const present = await engine.docker(['image', 'inspect', TEST_IMAGE], { allowFailure: true });
  if (present.code === 0) return TEST_IMAGE;
  if (!existsSync('/bin/busybox')) throw new Error('the e2e image needs /bin/busybox from Debian\'s busybox-static; run scripts/setup --tests');

  const root = await mkdtemp(join(tmpdir(), 'wasmdriver-image-'));
  try {
    for (const dir of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'data']) await mkdir(join(root, dir));
    await copyFile('/bin/busybox', join(root, 'bin/busybox'));
    const applets = (await run(['/bin/busybox', '--list'])).stdout.split('\n').filter((a) => /^[a-z0-9_.[-]+$/.test(a) && a !== 'busybox');
    for (const applet of applets) await symlink('busybox', join(root, 'bin', applet));
    await writeFile(join(root, 'etc/passwd'), 'root:x:0:0:root:/:/bin/sh\n');
    await writeFile(join(root, 'etc/group'), 'root:x:0:\n');
    await run(['tar', '-C', root, '-cf', `${root}.tar`, '.']);
    await engine.docker(['import', '--change', 'ENV PATH=/bin', `${root}.tar`, TEST_IMAGE]);
  } finally {
    await rm(root, { recursive: true, force: true });
    await rm(`${root}.tar`, { force: true });
  }
  return TEST_IMAGE;
}
