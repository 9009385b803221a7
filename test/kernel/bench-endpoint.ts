// Latency of the kernel operations on the container-start path.
// Run as root: npx tsx test/kernel/bench-endpoint.ts [iterations]
import { ensureBridge } from '../../host/linux/bridge';
import { createVethPair, deleteLink } from '../../host/linux/veth';
import { getLink } from '../../host/linux/links';
import { ip, ipBatch } from '../../host/linux/ip';
import { ipSession } from '../../host/linux/ip-session';
import { uniqueName } from '../helpers/netns';

const N = Number(process.argv[2] ?? 50);

async function time(label: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => (samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? NaN).toFixed(2);
  console.log(`${label.padEnd(48)} p50 ${q(0.5)} ms  p90 ${q(0.9)} ms  p99 ${q(0.99)} ms`);
}

const br = uniqueName('b');
try {
  await ensureBridge(br, { addresses: ['10.254.0.1/24'] });
  await time('ip link show (one spawn)', () => ip(['link', 'show', 'dev', br]));
  for (const n of [1, 4, 16, 64]) {
    await time(`ip -batch with ${n} commands (one spawn)`, () =>
      ipBatch(Array.from({ length: n }, () => ['link', 'set', 'dev', br, 'up'])),
    );
  }
  await time('ipSession.run (link set up, no spawn)', () => ipSession.run(['link', 'set', 'dev', br, 'up']));
  await time('getLink (ip -json -details address show)', () => getLink(br));
  const names = Array.from({ length: N }, () => [uniqueName('h'), uniqueName('p')] as const);
  await time('createVethPair (create+master+mtu+up, ip session)', (i) =>
    createVethPair(names[i]![0], names[i]![1], { bridge: br, mtu: 1450 }),
  );
  await time('deleteLink (veth, ip session)', (i) => deleteLink(names[i]![0]));
  await time('createVethPair + deleteLink', async () => {
    const h = uniqueName('h');
    await createVethPair(h, uniqueName('p'), { bridge: br });
    await deleteLink(h);
  });
} finally {
  await deleteLink(br);
}
