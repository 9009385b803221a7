// The e2e image: Debian's static busybox brought in with `docker import`
// (scripts/import-busybox-image, the same script the README's examples use),
// because no registry is reachable to pull one.
import { join } from 'node:path';
import { run } from './run';
import type { DockerEngine } from './dockerd';
import { REPO_ROOT } from './wasmdriver-process';

export const TEST_IMAGE = 'wasmdriver-test/busybox:1';

export async function ensureTestImage(engine: DockerEngine): Promise<string> {
  await run(['bash', join(REPO_ROOT, 'scripts/import-busybox-image'), TEST_IMAGE], { env: { ...process.env, DOCKER_HOST: engine.host } });
  return TEST_IMAGE;
}
