// Benchmark 6, socket throughput: 16 concurrent clients on wasmnet.sock,
// each issuing RequestAddress/ReleaseAddress pairs on one /16 pool
// (autocannon over the Unix socket). Baseline, in alternating rounds of
// the same length: GetCapabilities, which touches neither the policy nor
// the database, so the gap is what a decision plus two commits cost.
// Usage: npx tsx scripts/bench/socket-throughput.ts [--n=30] [--round-seconds=1] [--connections=16]
import autocannon from 'autocannon';
import { alternate, compare, intOption, newResult } from './lib/bench';
import { BenchDaemon } from './lib/daemon';
import { PluginClient } from './lib/plugin-client';

const n = intOption('n', 30);
const warmup = intOption('warmup', 2, 0);
const seconds = intOption('round-seconds', 1);
const connections = intOption('connections', 16);
const result = newResult('socket-throughput', `Socket throughput: ${connections} clients on wasmnet.sock, RequestAddress/ReleaseAddress pairs`, { n, warmup, roundSeconds: seconds, connections });

const HEADERS = { 'content-type': 'application/vnd.docker.plugins.v1+json' };

interface Round { rps: number; p50: number; p90: number; p99: number; errors: number; requests: number }

async function round(socketPath: string, requests: autocannon.Request[]): Promise<Round> {
  const r = await autocannon({ url: 'http://localhost', socketPath, connections, duration: seconds, requests, method: 'POST', headers: HEADERS });
  return {
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    requests: r.requests.total,
  };
}

const daemon = await BenchDaemon.start({ logLevel: 'info', nodeArgs: process.env.BENCH_DAEMON_NODE_ARGS?.split(' ').filter(Boolean) ?? [] });
const client = new PluginClient(daemon.wasmnetSocket);
let poolId: string | undefined;
try {
  poolId = (await client.call<{ PoolID: string }>('IpamDriver.RequestPool', { AddressSpace: '', Pool: '10.242.0.0/16', SubPool: '', Options: {}, V6: false })).PoolID;
  const pairs: autocannon.Request[] = [
    {
      path: '/IpamDriver.RequestAddress',
      body: JSON.stringify({ PoolID: poolId, Address: '', Options: {} }),
      onResponse: (status: number, body: string, context: Record<string, unknown>) => {
        const address = status === 200 ? (JSON.parse(body) as { Address?: string }).Address : undefined;
        context.address = address?.slice(0, address.indexOf('/'));
      },
    },
    {
      path: '/IpamDriver.ReleaseAddress',
      // Returning nothing restarts this connection's sequence when the allocation failed.
      setupRequest: (req, context) => (context.address ? { ...req, body: JSON.stringify({ PoolID: poolId, Address: context.address }) } : undefined) as autocannon.Request,
    },
  ];
  const floor: autocannon.Request[] = [{ path: '/IpamDriver.GetCapabilities', body: '{}' }];
  const pairRounds: Round[] = [];
  const floorRounds: Round[] = [];
  const alt = await alternate({
    n,
    warmup,
    candidate: async (i) => { const r = await round(daemon.wasmnetSocket, pairs); if (i >= 0) pairRounds.push(r); return r.rps; },
    baseline: async (i) => { const r = await round(daemon.wasmnetSocket, floor); if (i >= 0) floorRounds.push(r); return r.rps; },
    progress: 'socket-throughput rounds',
  });
  result.comparisons['requests per second (per round)'] = compare('req/s', { label: 'RequestAddress/ReleaseAddress pairs', samples: alt.candidate }, { label: 'GetCapabilities (HTTP floor)', samples: alt.baseline });
  result.comparisons['p99 latency of a round'] = compare('ms', { label: 'RequestAddress/ReleaseAddress pairs', samples: pairRounds.map((r) => r.p99) }, { label: 'GetCapabilities (HTTP floor)', samples: floorRounds.map((r) => r.p99) });
  result.comparisons['median latency of a round'] = compare('ms', { label: 'RequestAddress/ReleaseAddress pairs', samples: pairRounds.map((r) => r.p50) }, { label: 'GetCapabilities (HTTP floor)', samples: floorRounds.map((r) => r.p50) });
  const total = (rs: Round[], k: 'requests' | 'errors') => rs.reduce((s, r) => s + r[k], 0);
  result.figures['pairs: requests per second (all rounds)'] = { value: total(pairRounds, 'requests') / (pairRounds.length * seconds), unit: 'req/s' };
  result.figures['pairs: failed requests'] = { value: total(pairRounds, 'errors'), unit: '' };
  result.figures['floor: failed requests'] = { value: total(floorRounds, 'errors'), unit: '' };
  if (total(pairRounds, 'errors') > 0) result.notes.push('some pair requests failed: see the daemon log (rerun with BENCH_DAEMON_LOG=1)');
} finally {
  if (poolId) await client.call('IpamDriver.ReleasePool', { PoolID: poolId }).catch(() => {});
  client.close();
  await daemon.dispose();
}
result.finish();
