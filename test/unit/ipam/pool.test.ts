import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmdriverError, type ErrorKind } from '../../../host/errors';
import { parsePool, parseSubPool } from '../../../host/drivers/ipam/pool';

const isError = (kind: ErrorKind, text: string | RegExp) => (err: unknown) =>
  err instanceof WasmdriverError && err.kind === kind && (typeof text === 'string' ? err.message.includes(text) : text.test(err.message));

test('an IPv4 pool excludes its network and broadcast addresses', () => {
  const pool = parsePool('10.1.0.0/16');
  assert.equal(pool.cidr, '10.1.0.0/16');
  assert.equal(pool.family, 4);
  assert.equal(pool.size, 65536n);
  assert.equal(pool.capacity, 65534n);
  assert.equal(pool.addressAt(pool.firstUsable), '10.1.0.1');
  assert.equal(pool.addressAt(pool.lastUsable), '10.1.255.254');
  assert.equal(pool.usableIndexOf('10.1.0.1'), 1n);
  assert.throws(() => pool.usableIndexOf('10.1.0.0'), isError('invalid', 'is the network address of pool 10.1.0.0/16'));
  assert.throws(() => pool.usableIndexOf('10.1.255.255'), isError('invalid', 'is the broadcast address'));
  assert.throws(() => pool.usableIndexOf('10.2.0.1'), isError('invalid', 'address 10.2.0.1 is outside pool 10.1.0.0/16'));
  assert.throws(() => pool.usableIndexOf('fd00::1'), isError('invalid', 'outside pool'));
  assert.throws(() => pool.usableIndexOf('banana'), isError('invalid', '"banana" is not an IPv4 address'));
});

test('contains covers the whole CIDR, unusable addresses included, and nothing else', () => {
  const pool = parsePool('192.168.4.0/22');
  for (const inside of ['192.168.4.0', '192.168.5.17', '192.168.7.255']) assert.equal(pool.contains(inside), true, inside);
  for (const outside of ['192.168.3.255', '192.168.8.0', '::ffff:192.168.4.1', '', 'x']) {
    assert.equal(pool.contains(outside), false, outside);
  }
});

test('address text is parsed strictly and printed canonically', () => {
  const v4 = parsePool('10.0.0.0/8');
  for (const odd of ['10.1', '010.0.0.1', '0xa.0.0.1', '10.0.0.1/32', ' 10.0.0.1', '256.0.0.1', '10.0.0.1.']) {
    assert.equal(v4.indexOf(odd), undefined, odd);
  }
  const v6 = parsePool('2001:DB8:0:0::/64');
  assert.equal(v6.cidr, '2001:db8::/64');
  assert.equal(v6.indexOf('fe80::1%eth0'), undefined);
  assert.equal(v6.addressAt(v6.usableIndexOf('2001:0db8:0000:0000:0000:0000:0000:0A0B')), '2001:db8::a0b');
});

test('an IPv6 pool excludes only the subnet-router anycast address', () => {
  const pool = parsePool('fd00:1::/64');
  assert.equal(pool.size, 1n << 64n);
  assert.equal(pool.capacity, (1n << 64n) - 1n);
  assert.equal(pool.addressAt(pool.firstUsable), 'fd00:1::1');
  assert.equal(pool.addressAt(pool.lastUsable), 'fd00:1::ffff:ffff:ffff:ffff');
  assert.equal(pool.usableIndexOf('fd00:1::ffff:ffff:ffff:ffff'), (1n << 64n) - 1n);
  assert.throws(() => pool.usableIndexOf('fd00:1::'), isError('invalid', 'subnet-router anycast'));
  assert.throws(() => pool.usableIndexOf('10.0.0.1'), isError('invalid', 'outside pool fd00:1::/64'));
});

test('index and address convert both ways, beyond 2^53', () => {
  const pool = parsePool('2001:db8::/32');
  for (const index of [1n, 255n, 1n << 53n, (1n << 53n) + 1n, (1n << 96n) - 1n]) {
    assert.equal(pool.indexOf(pool.addressAt(index)), index);
  }
  assert.throws(() => pool.addressAt(1n << 96n), isError('invalid', 'outside pool'));
});

test('pools too small for a gateway and one more address are refused', () => {
  assert.throws(() => parsePool('10.0.0.0/31'), isError('invalid', 'pool 10.0.0.0/31 is too small'));
  assert.throws(() => parsePool('10.0.0.4/32'), isError('invalid', '/30 or shorter'));
  assert.throws(() => parsePool('fd00::/127'), isError('invalid', '/126 or shorter'));
  assert.throws(() => parsePool('fd00::1/128'), isError('invalid', 'too small'));
  assert.equal(parsePool('10.0.0.4/30').capacity, 2n);
  assert.equal(parsePool('fd00::/126').capacity, 3n);
  assert.equal(parsePool('0.0.0.0/0').capacity, (1n << 32n) - 2n);
});

test('malformed CIDRs and host bits are refused with the fix', () => {
  assert.throws(() => parsePool('10.1.2.3/16'), isError('invalid', 'has host bits set; it should be 10.1.0.0/16'));
  assert.throws(() => parsePool('fd00::1/64'), isError('invalid', 'it should be fd00::/64'));
  for (const bad of ['10.0.0.0', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/-1', '10.0.0.0/', '/8', 'x/8', '10.0.0.0/1e1', '10.0.0.0/08x']) {
    assert.throws(() => parsePool(bad), isError('invalid', 'is not a CIDR'), bad);
  }
});

test('a sub-pool must lie inside its pool and keeps the pool exclusions', () => {
  const pool = parsePool('10.1.0.0/16');
  const sub = parseSubPool(pool, '10.1.2.0/24');
  assert.deepEqual([sub.cidr, sub.firstAddress, sub.lastAddress], ['10.1.2.0/24', '10.1.2.0', '10.1.2.255']);
  const atStart = parseSubPool(pool, '10.1.0.0/24');
  assert.equal(atStart.firstAddress, '10.1.0.1');
  const atEnd = parseSubPool(pool, '10.1.255.0/24');
  assert.equal(atEnd.lastAddress, '10.1.255.254');
  assert.equal(parseSubPool(pool, '10.1.7.7/32').firstAddress, '10.1.7.7');
  assert.equal(parseSubPool(pool, '10.1.0.0/16').cidr, '10.1.0.0/16');
  assert.throws(() => parseSubPool(pool, '10.0.0.0/8'), isError('invalid', 'sub-pool 10.0.0.0/8 is not inside pool 10.1.0.0/16'));
  assert.throws(() => parseSubPool(pool, '10.2.0.0/24'), isError('invalid', 'not inside'));
  assert.throws(() => parseSubPool(pool, 'fd00::/64'), isError('invalid', 'not inside'));
  assert.throws(() => parseSubPool(pool, '10.1.0.0/32'), isError('invalid', 'holds no usable address'));
  assert.throws(() => parseSubPool(pool, '10.1.2.1/24'), isError('invalid', 'it should be 10.1.2.0/24'));
});
