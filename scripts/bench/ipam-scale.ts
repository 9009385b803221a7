// Benchmark 4, IPAM at scale: every address of a /16 (65,534) allocated
// through wasmnet.sock with the default policy and the default durability
// (fsync per commit), then released. Reports the time per allocation around
// 1%, 50% and 99% fill, allocations and releases per second, and, in an
// alternating phase, one pool held at 99% against one at 1%.
// Usage: npx tsx scripts/bench/ipam-scale.ts [--n=500] [--ipam-prefix=16]
import { alternate, compare, intOption, newResult, summarize, target, timeMs } from './lib/bench';
import { BenchDaemon } from './lib/daemon';
import { PluginClient } from './lib/plugin-client';
import { seededRandom } from '../../test/helpers/seeded-random';

const prefix = intOption('ipam-prefix', 16, 8);
if (prefix > 24) throw new Error('--ipam-prefix must be 8..24');
const n = intOption('n', 500);
const warmup = intOption('warmup', 50, 0);
const capacity = 2 ** (32 - prefix) - 2;
const WINDOW = Math.max(20, Math.min(600, Math.floor(capacity / 100)));
const FILLS = [0.01, 0.5, 0.99];

const result = newResult('ipam-scale', `IPAM at scale: /${prefix} (${capacity} addresses) through wasmnet.sock, durability on`, { prefix, capacity, n, warmup, window: WINDOW });


const plain = (cidr: string) => cidr.slice(0, cidr.indexOf('/'));

const daemon = await BenchDaemon.start({ logLevel: 'info', nodeArgs: process.env.BENCH_DAEMON_NODE_ARGS?.split(' ').filter(Boolean) ?? [] });
const client = new PluginClient(daemon.wasmnetSocket);
const pools: { id: string; held: string[] }[] = [];
try {
  const requestPool = async (cidr: string) => {
    const r = await client.call<{ PoolID: string }>('IpamDriver.RequestPool', { AddressSpace: '', Pool: cidr, SubPool: '', Options: {}, V6: false });
    const pool = { id: r.PoolID, held: [] as string[] };
    pools.push(pool);
    return pool;
  };
  const allocate = async (pool: { id: string; held: string[] }) => {
    const r = await client.call<{ Address: string }>('IpamDriver.RequestAddress', { PoolID: pool.id, Address: '', Options: {} });
    const address = plain(r.Address);
    pool.held.push(address);
    return address;
  };
  const release = async (pool: { id: string; held: string[] }, address: string) => {
    await client.call('IpamDriver.ReleaseAddress', { PoolID: pool.id, Address: address });
  };

  // Untimed warm-up on a pool of its own, so the fill pass's first window
  // does not measure the JIT and the first decisions.
  const warm = await requestPool('10.239.0.0/24');
  for (let i = 0; i < warmup * 10; i++) await release(warm, await allocate(warm));
  warm.held = [];

  // Phase 1: fill the pool completely, timing every allocation.
  const big = await requestPool(`10.240.0.0/${prefix}`);
  const perAlloc = new Float64Array(capacity);
  const fillStart = process.hrtime.bigint();
  for (let i = 0; i < capacity; i++) {
    perAlloc[i] = await timeMs(() => allocate(big));
    if ((i + 1) % Math.floor(capacity / 10) === 0) process.stderr.write(`ipam-scale: filled ${i + 1}/${capacity}\n`);
  }
  const fillS = Number(process.hrtime.bigint() - fillStart) / 1e9;
  const overflow = await client.call('IpamDriver.RequestAddress', { PoolID: big.id, Address: '', Options: {} }).then(() => 'answered', (e: Error) => e.message);
  if (overflow === 'answered') throw new Error('the full pool handed out one more address');
  result.figures['allocations per second (one client, sequential fill)'] = { value: capacity / fillS, unit: '/s' };
  const windows: Record<string, ReturnType<typeof summarize>> = {};
  for (const f of FILLS) {
    const centre = Math.floor(capacity * f);
    const from = Math.max(0, centre - WINDOW / 2);
    const w = summarize(Array.from(perAlloc.subarray(from, Math.min(capacity, from + WINDOW))));
    windows[`${f * 100}%`] = w;
    result.figures[`fill pass: allocation at ${f * 100}% fill, median`] = { value: w.median, unit: 'ms' };
    result.figures[`fill pass: allocation at ${f * 100}% fill, p99`] = { value: w.p99, unit: 'ms' };
  }
  result.figures['fill pass: median at 99% / median at 1%'] = { value: windows['99%']!.median / windows['1%']!.median, unit: 'ratio' };

  // Phase 2: alternate between this pool held at 99% (holes spread by a
  // seeded shuffle) and a second pool held at 1%, so both are measured
  // under the same machine load.
  const random = seededRandom(42);
  const holes = Math.floor(capacity * 0.01);
  const shuffled = [...big.held];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const punched = new Set(shuffled.slice(0, holes));
  for (const address of punched) await release(big, address);
  big.held = big.held.filter((a) => !punched.has(a));
  const small = await requestPool(`10.241.0.0/${prefix}`);
  for (let i = 0; i < holes; i++) await allocate(small);
  const cycle = (pool: { id: string; held: string[] }) => async () => {
    let address = '';
    const ms = await timeMs(async () => { address = await allocate(pool); });
    await release(pool, address);
    pool.held.pop();
    return ms;
  };
  const alt = await alternate({ n, warmup, candidate: cycle(big), baseline: cycle(small), progress: 'ipam-scale alternating' });
  const c = compare('ms', { label: 'RequestAddress, pool 99% full', samples: alt.candidate }, { label: 'RequestAddress, pool 1% full', samples: alt.baseline });
  result.comparisons['allocation at 99% vs 1% fill'] = c;
  result.targets.push(target('allocation time at 99% fill / at 1% fill (median, alternating)', c.ratio.median, 'ratio', 1.5));
  result.targets.push(target('allocation time at 99% fill / at 1% fill (median, fill pass)', windows['99%']!.median / windows['1%']!.median, 'ratio', 1.5));

  // Phase 3: release everything, timed.
  const releaseStart = process.hrtime.bigint();
  let released = 0;
  for (const pool of pools) {
    for (const address of pool.held) {
      await release(pool, address);
      released++;
    }
    pool.held = [];
  }
  const releaseS = Number(process.hrtime.bigint() - releaseStart) / 1e9;
  result.figures['releases per second (one client, sequential)'] = { value: released / releaseS, unit: '/s' };
  result.notes.push(`fill pass windows are the ${WINDOW} allocations centred on each fill level`);
} finally {
  for (const pool of pools) {
    for (const address of pool.held) await client.call('IpamDriver.ReleaseAddress', { PoolID: pool.id, Address: address }).catch(() => {});
    await client.call('IpamDriver.ReleasePool', { PoolID: pool.id }).catch(() => {});
  }
  client.close();
  await daemon.dispose();
}
result.finish();
