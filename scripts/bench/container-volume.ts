// Benchmark 2, container start with a volume: a wasmvol volume against a
// `local` volume mounted at /d, through a real dockerd (no network on
// either side, so only the volume differs); plus wasmvol's own time per
// container.
// Usage: npx tsx scripts/bench/container-volume.ts [--n=30] [--warmup=3]
import { containerStartBench } from './lib/container-start';

await containerStartBench({
  name: 'container-volume',
  title: 'Container start with a volume: wasmvol vs local',
  plugin: 'wasmvol',
  candidateLabel: 'docker run -v <wasmvol volume>:/d',
  baselineLabel: 'docker run -v <local volume>:/d',
  async prepare(env) {
    const wasmvol = `${env.prefix}-wasmvol`;
    const local = `${env.prefix}-local`;
    const made: string[] = [];
    try {
      await env.docker(['volume', 'create', '-d', 'wasmvol', wasmvol]);
      made.push(wasmvol);
      await env.docker(['volume', 'create', '-d', 'local', local]);
      made.push(local);
    } catch (err) {
      for (const name of made) await env.docker(['volume', 'rm', '-f', name], { allowFailure: true });
      throw err;
    }
    return {
      candidate: ['--network', 'none', '-v', `${wasmvol}:/d`],
      baseline: ['--network', 'none', '-v', `${local}:/d`],
      async remove() {
        for (const name of made) await env.docker(['volume', 'rm', '-f', name], { allowFailure: true });
      },
    };
  },
});
