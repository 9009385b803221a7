// Benchmark 1, container start on a network: a wasmnet network against a
// user-defined built-in bridge network, both with a subnet, through a real
// dockerd; plus wasmnet's own time per container.
// Usage: npx tsx scripts/bench/container-network.ts [--n=30] [--warmup=3]
import { containerStartBench } from './lib/container-start';

await containerStartBench({
  name: 'container-network',
  title: 'Container start on a network: wasmnet vs built-in bridge',
  plugin: 'wasmnet',
  candidateLabel: 'docker run --network <wasmnet network>',
  baselineLabel: 'docker run --network <bridge network>',
  pluginTimeLimitMs: 10,
  async prepare(env) {
    const wasmnet = `${env.prefix}-wasmnet`;
    const bridge = `${env.prefix}-bridge`;
    const made: string[] = [];
    try {
      await env.docker(['network', 'create', '-d', 'wasmnet', '--ipam-driver', 'wasmnet', '--subnet', '10.213.0.0/24', wasmnet]);
      made.push(wasmnet);
      await env.docker(['network', 'create', '-d', 'bridge', '--subnet', '10.214.0.0/24', bridge]);
      made.push(bridge);
    } catch (err) {
      for (const name of made) await env.docker(['network', 'rm', name], { allowFailure: true });
      throw err;
    }
    return {
      candidate: ['--network', wasmnet],
      baseline: ['--network', bridge],
      async remove() {
        for (const name of made) await env.docker(['network', 'rm', name], { allowFailure: true });
      },
    };
  },
});
