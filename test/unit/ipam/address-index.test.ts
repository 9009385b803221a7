import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmdriverError, type ErrorKind } from '../../../host/errors';
import { AddressIndex } from '../../../host/drivers/ipam/allocator-index';
import { parsePool, type Pool } from '../../../host/drivers/ipam/pool';
import { randomInt, seededRandom } from '../../helpers/seeded-random';

const isError = (kind: ErrorKind, text: string) => (err: unknown) =>
  err instanceof WasmdriverError && err.kind === kind && err.message.includes(text);

test('first and last usable addresses can be taken; network, broadcast and outside cannot', () => {
  const index = new AddressIndex(parsePool('192.168.1.0/24'));
  assert.equal(index.capacity(), 254n);
  assert.equal(index.nextFree(), '192.168.1.1');
  index.take('192.168.1.1');
  index.take('192.168.1.254');
  assert.equal(index.takenCount(), 2);
  assert.equal(index.isFree('192.168.1.1'), false);
  assert.equal(index.nextFree(), '192.168.1.2');
  assert.equal(index.nextFree('192.168.1.253'), null, 'no wrap-around past the last usable address');
  assert.throws(() => index.take('192.168.1.0'), isError('invalid', 'network address'));
  assert.throws(() => index.take('192.168.1.255'), isError('invalid', 'broadcast address'));
  assert.throws(() => index.take('192.168.2.1'), isError('invalid', 'outside pool 192.168.1.0/24'));
  assert.throws(() => index.take('192.168.1.1'), isError('conflict', 'address 192.168.1.1 in pool 192.168.1.0/24 is already allocated'));
  for (const never of ['192.168.1.0', '192.168.1.255', '10.0.0.1', 'fd00::1', 'nonsense']) {
    assert.equal(index.isFree(never), false, never);
  }
  assert.equal(index.release('192.168.1.1'), true);
  assert.equal(index.release('192.168.1.1'), false);
  assert.equal(index.release('10.9.9.9'), false);
  assert.equal(index.takenCount(), 1);
});

test('nextFree searches strictly after its argument, which must be inside the pool', () => {
  const index = new AddressIndex(parsePool('10.0.0.0/29'));
  assert.equal(index.nextFree('10.0.0.0'), '10.0.0.1');
  assert.equal(index.nextFree('10.0.0.3'), '10.0.0.4');
  assert.equal(index.nextFree('10.0.0.6'), null);
  assert.equal(index.nextFree('10.0.0.7'), null);
  assert.throws(() => index.nextFree('10.0.0.8'), isError('invalid', 'outside pool 10.0.0.0/29'));
  for (const a of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']) index.take(a);
  assert.equal(index.nextFree(), null);
  assert.equal(index.takenCount(), 6);
  assert.equal(index.nextFreeIndex(0n), null);
  index.release('10.0.0.4');
  assert.equal(index.nextFreeIndex(0n), 4n);
});

test('an IPv6 /64 answers at both ends without per-address memory', () => {
  const index = new AddressIndex(parsePool('fd00:abcd::/64'));
  assert.equal(index.capacity(), (1n << 64n) - 1n);
  index.take('fd00:abcd::ffff:ffff:ffff:fffe');
  index.take('fd00:abcd::ffff:ffff:ffff:ffff');
  assert.equal(index.nextFree('fd00:abcd::ffff:ffff:ffff:fffc'), 'fd00:abcd::ffff:ffff:ffff:fffd');
  assert.equal(index.nextFree('fd00:abcd::ffff:ffff:ffff:fffd'), null);
  assert.throws(() => index.take('fd00:abcd::'), isError('invalid', 'subnet-router anycast'));
  for (let i = 1; i <= 1000; i++) index.take(`fd00:abcd::${i.toString(16)}`);
  assert.equal(index.runCount, 2);
  assert.equal(index.nextFree(), 'fd00:abcd::3e9');
  assert.equal(index.takenCount(), 1002);
});

// Model: a plain Set of taken indexes and linear scans.
class BruteForcePool {
  readonly taken = new Set<bigint>();
  constructor(readonly pool: Pool) {}
  usable(i: bigint): boolean {
    return i >= this.pool.firstUsable && i <= this.pool.lastUsable;
  }
  nextFree(from: bigint): bigint | null {
    let i = from < this.pool.firstUsable ? this.pool.firstUsable : from;
    while (this.taken.has(i)) i++;
    return i <= this.pool.lastUsable ? i : null;
  }
}

// Indexes drawn near the edges and in a few clusters, so wide pools still see
// collisions, merges and splits.
function pickIndex(random: () => number, pool: Pool): bigint {
  const spots = [0n, pool.size / 2n, pool.size - 40n];
  const base = spots[randomInt(random, spots.length)]!;
  const index = (base < 0n ? 0n : base) + BigInt(randomInt(random, 40));
  return index < pool.size ? index : pool.size - 1n;
}

for (const cidr of ['10.20.30.0/26', '10.20.0.0/16', 'fd00::/120', 'fd00:1:2:3::/64']) {
  for (const seed of [7, 99, 2026]) {
    test(`random operations on ${cidr} match a brute-force model (seed ${seed})`, () => {
      const pool = parsePool(cidr);
      const index = new AddressIndex(pool);
      const model = new BruteForcePool(pool);
      const random = seededRandom(seed);
      for (let step = 0; step < 3000; step++) {
        const i = pickIndex(random, pool);
        const address = pool.addressAt(i);
        const op = random();
        if (op < 0.45) {
          if (!model.usable(i)) assert.throws(() => index.take(address), isError('invalid', address));
          else if (model.taken.has(i)) assert.throws(() => index.take(address), isError('conflict', address));
          else {
            index.take(address);
            model.taken.add(i);
          }
        } else if (op < 0.7) {
          assert.equal(index.release(address), model.taken.delete(i));
        } else if (op < 0.85) {
          assert.equal(index.isFree(address), model.usable(i) && !model.taken.has(i));
        } else {
          const expected = model.nextFree(i + 1n);
          assert.equal(index.nextFree(address), expected === null ? null : pool.addressAt(expected), `nextFree(${address})`);
          const first = model.nextFree(0n);
          assert.equal(index.nextFree(), first === null ? null : pool.addressAt(first));
        }
        assert.equal(index.takenCount(), model.taken.size);
      }
    });
  }
}

test('a /16 filled completely reports full and frees exactly what is released', () => {
  const pool = parsePool('172.20.0.0/16');
  const index = new AddressIndex(pool);
  for (let next = index.nextFree(); next !== null; next = index.nextFree(next)) index.take(next);
  assert.equal(index.takenCount(), 65534);
  assert.equal(index.nextFree(), null);
  assert.equal(index.runCount, 1);
  index.release('172.20.128.7');
  assert.equal(index.nextFree(), '172.20.128.7');
  assert.equal(index.nextFree('172.20.128.7'), null);
});
