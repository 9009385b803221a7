// Shared set-up of the e2e tier: a real dockerd, the busybox image and a
// `wasmdriver serve` on /run/docker/plugins. Everything a test creates
// carries TEST_LABEL (containers) or a run-unique name prefix (networks,
// volumes), so cleanup removes exactly what this file made, and fails the
// test if anything survived it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { useDockerEngine, type DockerEngine } from './dockerd';
import { ensureTestImage } from './image';
import { WasmdriverProcess, type ServeOptions } from './wasmdriver-process';

export const TEST_LABEL = 'io.wasmdriver.test=1';

export interface E2EEnv {
  engine: DockerEngine;
  daemon: WasmdriverProcess;
  image: string;
  /** Run-unique prefix for network and volume names. */
  prefix: string;
  docker: DockerEngine['docker'];
  /** `docker run -d` of the test image with the test label; returns the container ID. */
  runDetached(args: readonly string[], command?: readonly string[]): Promise<string>;
  cleanup(): Promise<void>;
}

export async function setupE2E(serve: ServeOptions = {}): Promise<E2EEnv> {
  const engine = await useDockerEngine();
  let daemon: WasmdriverProcess | undefined;
  try {
    const image = await ensureTestImage(engine);
    // The daemon asks this engine (not necessarily /var/run/docker.sock) which volumes are in use.
    daemon = await WasmdriverProcess.start({ ...serve, env: { WASMDRIVER_DOCKER_HOST: engine.host, ...serve.env } });
    const prefix = `wdt${randomBytes(3).toString('hex')}`;
    const docker = engine.docker.bind(engine);
    const env: E2EEnv = {
      engine,
      daemon,
      image,
      prefix,
      docker,
      async runDetached(args, command = ['sleep', '3600']) {
        const r = await docker(['run', '-d', '--label', TEST_LABEL, ...args, image, ...command]);
        return r.stdout.trim();
      },
      async cleanup() {
        // The daemon and dockerd stop whatever removal did: a child process
        // left running keeps this test file (and the whole run) from exiting.
        let leftovers: string[];
        try {
          leftovers = await removeTestObjects(engine, prefix);
        } catch (err) {
          // The daemon's log is gone once it stops; its complaints explain most failed removals.
          const complaints = daemon!.rawStderr.filter((l) => /"level":(40|50|60)/.test(l)).slice(-20);
          process.stderr.write(`# wasmdriver warnings and errors before the failed clean-up:\n${complaints.map((l) => `#   ${l}`).join('\n')}\n`);
          throw err;
        } finally {
          try {
            await daemon?.dispose();
          } finally {
            await engine.stop();
          }
        }
        assert.deepEqual(leftovers, [], 'test objects survived their own test (removed now)');
      },
    };
    return env;
  } catch (err) {
    await daemon?.dispose();
    await engine.stop();
    throw err;
  }
}

/** Removes what a test left; returns what had to be removed, for the leak assertion. */
async function removeTestObjects(engine: DockerEngine, prefix: string): Promise<string[]> {
  const removed: string[] = [];
  const ids = (await engine.docker(['ps', '-aq', '--filter', `label=${TEST_LABEL}`])).stdout.split('\n').filter(Boolean);
  if (ids.length > 0) {
    await engine.docker(['rm', '-f', ...ids], { allowFailure: true });
    removed.push(...ids.map((id) => `container ${id}`));
  }
  const networks = (await engine.docker(['network', 'ls', '--format', '{{.Name}}'])).stdout.split('\n').filter((n) => n.startsWith(prefix));
  for (const n of networks) {
    await removeNetwork(engine, n);
    removed.push(`network ${n}`);
  }
  const volumes = (await engine.docker(['volume', 'ls', '--format', '{{.Name}}'])).stdout.split('\n').filter((v) => v.startsWith(prefix));
  for (const v of volumes) {
    await engine.docker(['volume', 'rm', '-f', v], { allowFailure: true });
    removed.push(`volume ${v}`);
  }
  return removed;
}

/**
 * `docker network rm`, allowing dockerd a few seconds to finish releasing
 * endpoints of containers it has just removed: `docker rm -f` returns before
 * its asynchronous network cleanup does, and the rm then fails with "has
 * active endpoints".
 *
 * dockerd 20.10 can also lose count under parallel container removal and
 * report active endpoints on a network with none (moby/moby#42119); it
 * recounts when it starts ("Fixing inconsistent endpoint_cnt"). When no
 * endpoint is listed, a dockerd this run started is restarted once; an
 * endpoint that is listed is a real leftover and fails the removal.
 */
export async function removeNetwork(engine: DockerEngine, name: string): Promise<void> {
  let restarted = false;
  for (let attempt = 0; ; attempt++) {
    const r = await engine.docker(['network', 'rm', name], { allowFailure: true });
    if (r.code === 0 || /not found/.test(r.stderr)) return;
    const failure = `docker network rm ${name} failed: ${r.stderr.trim()}`;
    if (!/active endpoints/.test(r.stderr)) throw new Error(failure);
    if (attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    const listed = (await engine.docker(['network', 'inspect', '-f', '{{range $id, $c := .Containers}}{{$c.Name}} {{end}}', name])).stdout.trim();
    if (listed !== '') throw new Error(`${failure} (attached: ${listed})`);
    if (restarted || !engine.startedByUs) throw new Error(`${failure} (none listed: dockerd's endpoint count is stale, moby/moby#42119)`);
    process.stderr.write(`# ${name}: dockerd reports active endpoints but lists none (moby/moby#42119); restarting it to recount\n`);
    await engine.restart();
    restarted = true;
    attempt = 0;
  }
}
