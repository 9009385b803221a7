// Time per allocation (median of 7 rounds of 600) in a /16 at 1%, 50% and 99% fill: the in-memory index
// alone (three fill patterns) and through SQLite at both durability levels.
// Not a test: figures depend on the machine. Run:
//   npx tsx scripts/bench/ipam-allocator.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressIndex } from '../../host/drivers/ipam/allocator-index';
import { PoolAllocator } from '../../host/drivers/ipam/allocator';
import { parsePool, type Pool } from '../../host/drivers/ipam/pool';
import { openStateStore, type Durability } from '../../host/state/store';
import { ipamAllocationStore } from '../../host/state/ipam-allocation-store';
import { seededRandom } from '../../test/helpers/seeded-random';

const LEVELS = [0.01, 0.5, 0.99];
const SAMPLE = 600;
const pool = parsePool('10.200.0.0/16');
const capacity = Number(pool.capacity);


const ROUNDS = 7;

/**
 * Median over ROUNDS of the mean time of SAMPLE calls to `allocate`; `undo`
 * gives the addresses back after each round so every round sees the same fill.
 */
function medianMicros(allocate: () => string, undo: (addresses: string[]) => void): string {
  const means: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const addresses: string[] = [];
    const start = process.hrtime.bigint();
    for (let i = 0; i < SAMPLE; i++) addresses.push(allocate());
    means.push(Number(process.hrtime.bigint() - start) / 1000 / SAMPLE);
    undo(addresses);
  }
  means.sort((a, b) => a - b);
  return `${means[ROUNDS >> 1]!.toFixed(2)} µs`;
}

/** Fills to each level (untimed, in `fillOrder`), then times SAMPLE "nextFree + take" allocations. */
function benchIndex(name: string, fillOrder: bigint[]): string[] {
  const index = new AddressIndex(pool);
  const row = [name];
  let next = 0;
  for (const level of LEVELS) {
    const target = Math.floor(capacity * level) - SAMPLE / 2;
    while (index.takenCount() < target) {
      const address = pool.addressAt(fillOrder[next++]!);
      if (index.isFree(address)) index.take(address);
    }
    const runs = index.runCount;
    const time = medianMicros(
      () => {
        const address = index.nextFree()!;
        index.take(address);
        return address;
      },
      (addresses) => addresses.forEach((a) => index.release(a)),
    );
    row.push(`${time} (${runs} runs)`);
  }
  return row;
}

const loadTimes: string[] = [];

function benchSqlite(durability: Durability): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'wasmdriver-bench-'));
  const state = openStateStore(dir, { durability });
  try {
    state.ipamPools.insert({
      poolId: 'bench', addressSpace: 'local', cidr: pool.cidr, subPool: null, v6: false,
      options: {}, policy: 'default', tenant: null, requestKey: 'bench',
    });
    const allocator = PoolAllocator.load('bench', pool, ipamAllocationStore(state));
    const row = [`PoolAllocator + SQLite (${durability})`];
    for (const level of LEVELS) {
      const target = Math.floor(capacity * level) - SAMPLE / 2;
      // One transaction for the untimed fill; inside it the index does not
      // move until commit, so the addresses are counted here instead.
      state.transaction(() => {
        for (let k = allocator.view.takenCount(); k < target; k++) allocator.claim(pool.addressAt(BigInt(k + 1)), 'endpoint');
      });
      row.push(
        medianMicros(
          () => allocator.claim(allocator.view.nextFree()!, 'endpoint'),
          (addresses) => state.transaction(() => addresses.forEach((a) => allocator.release(a))),
        ),
      );
    }
    state.transaction(() => {
      for (let k = allocator.view.takenCount(); k < capacity; k++) allocator.claim(pool.addressAt(BigInt(k + 1)), 'endpoint');
    });
    const start = process.hrtime.bigint();
    const reloaded = PoolAllocator.load('bench', pool, ipamAllocationStore(state));
    const ms = (Number(process.hrtime.bigint() - start) / 1e6).toFixed(0);
    loadTimes.push(`loading a full /16 (${reloaded.view.takenCount()} rows, ${durability}): ${ms} ms`);
    return row;
  } finally {
    state.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchIpv6(): string {
  const v6: Pool = parsePool('fd00:beef::/64');
  const index = new AddressIndex(v6);
  const random = seededRandom(12345);
  for (let i = 0; i < 100_000; i++) {
    const ix = 1n + BigInt(Math.floor(random() * 2 ** 52)) * 4096n + BigInt(Math.floor(random() * 4096));
    if (index.isFree(v6.addressAt(ix))) index.take(v6.addressAt(ix));
  }
  for (let i = 1; i <= 50_000; i++) if (index.isFree(v6.addressAt(BigInt(i)))) index.take(v6.addressAt(BigInt(i)));
  const taken = index.takenCount();
  const runs = index.runCount;
  const time = medianMicros(
    () => {
      const address = index.nextFree()!;
      index.take(address);
      return address;
    },
    (addresses) => addresses.forEach((a) => index.release(a)),
  );
  return `IPv6 /64, ${taken} taken in ${runs} runs: ${time} per nextFree + take`;
}

function shuffled(n: number, seed: number): bigint[] {
  const random = seededRandom(seed);
  const out = Array.from({ length: n }, (_, i) => BigInt(i + 1));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const sequential = Array.from({ length: capacity }, (_, i) => BigInt(i + 1));
const evensFirst = [...sequential.filter((i) => i % 2n === 0n), ...sequential.filter((i) => i % 2n === 1n)];

benchIndex('warm-up', sequential); // let the JIT settle before anything is printed
const rows = [
  ['workload (/16, 65,534 usable)', ...LEVELS.map((l) => `${l * 100}% full`)],
  benchIndex('index, sequential fill', sequential),
  benchIndex('index, random fill', shuffled(capacity, 7)),
  benchIndex('index, every other address first', evensFirst),
  benchSqlite('normal'),
  benchSqlite('full'),
];
for (const row of rows) console.log(row.map((c, i) => c.padEnd(i === 0 ? 38 : 26)).join(''));
console.log(benchIpv6());
for (const line of loadTimes) console.log(line);
