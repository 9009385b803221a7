import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WasmdriverError, type ErrorKind } from '../../../host/errors';
import { PoolAllocator } from '../../../host/drivers/ipam/allocator';
import { parsePool } from '../../../host/drivers/ipam/pool';
import { openStateStore } from '../../../host/state/store';
import { ipamAllocationStore } from '../../../host/state/ipam-allocation-store';
import { FakeAllocationStore } from './fake-allocation-store';

const isError = (kind: ErrorKind, text: string) => (err: unknown) =>
  err instanceof WasmdriverError && err.kind === kind && err.message.includes(text);

test('claim records the address, then shows it taken; release undoes both', () => {
  const store = new FakeAllocationStore();
  const allocator = PoolAllocator.load('p1', parsePool('10.5.0.0/24'), store);
  assert.equal(allocator.claim('10.5.0.1', 'gateway'), '10.5.0.1');
  assert.deepEqual(store.listAllocations('p1'), [{ address: '10.5.0.1', kind: 'gateway' }]);
  assert.equal(allocator.view.isFree('10.5.0.1'), false);
  assert.equal(allocator.view.nextFree(), '10.5.0.2');
  assert.throws(() => allocator.claim('10.5.0.1', 'endpoint'), isError('conflict', 'already allocated'));
  assert.throws(() => allocator.claim('10.5.0.255', 'endpoint'), isError('invalid', 'broadcast'));
  assert.throws(() => allocator.claim('10.6.0.1', 'endpoint'), isError('invalid', 'outside pool 10.5.0.0/24'));
  assert.equal(store.rows.size, 1, 'refused claims write nothing');
  assert.equal(allocator.release('10.5.0.1'), true);
  assert.equal(allocator.release('10.5.0.1'), false);
  assert.equal(allocator.release('10.99.0.1'), false);
  assert.equal(allocator.view.isFree('10.5.0.1'), true);
  assert.equal(store.rows.size, 0);
});

test('IPv6 claims are stored in canonical form', () => {
  const store = new FakeAllocationStore();
  const allocator = PoolAllocator.load('p6', parsePool('fd00:10::/64'), store);
  assert.equal(allocator.claim('FD00:0010:0000:0000:0000:0000:0000:00AA', 'endpoint'), 'fd00:10::aa');
  assert.throws(() => allocator.claim('fd00:10::AA', 'endpoint'), isError('conflict', 'fd00:10::aa'));
  assert.equal(allocator.release('fd00:0010::00aa'), true);
});

test('the index changes only when the transaction commits', () => {
  const store = new FakeAllocationStore();
  const allocator = PoolAllocator.load('p1', parsePool('10.5.0.0/24'), store);
  store.transaction(() => {
    allocator.claim('10.5.0.7', 'endpoint');
    assert.equal(allocator.view.isFree('10.5.0.7'), true, 'not yet committed');
    // The store's exclusive insert still stops a second claim in the same transaction.
    assert.throws(() => allocator.claim('10.5.0.7', 'endpoint'), isError('conflict', '10.5.0.7'));
  });
  assert.equal(allocator.view.isFree('10.5.0.7'), false);

  assert.throws(() =>
    store.transaction(() => {
      allocator.claim('10.5.0.8', 'endpoint');
      allocator.release('10.5.0.7');
      throw new Error('the veth could not be created');
    }),
  );
  assert.equal(allocator.view.isFree('10.5.0.8'), true, 'rolled-back claim leaves no trace');
  assert.equal(allocator.view.isFree('10.5.0.7'), false, 'rolled-back release leaves it taken');
  assert.deepEqual(store.listAllocations('p1').map((a) => a.address), ['10.5.0.7']);
});

test('load rebuilds the index from the store and rejects rows that do not fit the pool', () => {
  const store = new FakeAllocationStore();
  for (const a of ['10.5.0.1', '10.5.0.2', '10.5.0.3', '10.5.0.9']) store.insertAllocation('p1', a, 'endpoint');
  store.insertAllocation('other', '10.5.0.4', 'endpoint');
  const allocator = PoolAllocator.load('p1', parsePool('10.5.0.0/24'), store);
  assert.equal(allocator.view.takenCount(), 4);
  assert.equal(allocator.view.nextFree(), '10.5.0.4');
  assert.equal(allocator.view.nextFree('10.5.0.4'), '10.5.0.5');

  store.insertAllocation('bad', '10.7.0.1', 'endpoint');
  assert.throws(
    () => PoolAllocator.load('bad', parsePool('10.5.0.0/24'), store),
    isError('system', 'stored allocation 10.7.0.1 of pool bad (10.5.0.0/24) cannot be loaded'),
  );
});

test('against SQLite: claims survive a restart and commit before the index changes', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmdriver-ipam-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pool = parsePool('fd00:77::/64');
  const poolRecord = {
    poolId: 'p',
    addressSpace: 'local',
    cidr: pool.cidr,
    subPool: null,
    v6: true,
    options: {},
    policy: 'default',
    tenant: null,
    requestKey: 'k',
  };

  const first = openStateStore(dir, { durability: 'normal' });
  first.ipamPools.insert(poolRecord);
  const allocator = PoolAllocator.load('p', pool, ipamAllocationStore(first));
  allocator.claim('fd00:77::1', 'gateway');
  first.transaction(() => {
    allocator.claim('fd00:77::2', 'endpoint');
    assert.equal(allocator.view.isFree('fd00:77::2'), true);
  });
  assert.equal(allocator.view.isFree('fd00:77::2'), false);
  assert.throws(() =>
    first.transaction(() => {
      allocator.claim('fd00:77::3', 'endpoint');
      throw new Error('later step failed');
    }),
  );
  assert.equal(allocator.view.isFree('fd00:77::3'), true);
  assert.throws(() => allocator.claim('fd00:77::2', 'endpoint'), isError('conflict', 'fd00:77::2'));
  first.close();

  const second = openStateStore(dir, { durability: 'normal' });
  t.after(() => second.close());
  const reloaded = PoolAllocator.load('p', pool, ipamAllocationStore(second));
  assert.equal(reloaded.view.takenCount(), 2);
  assert.equal(reloaded.view.nextFree(), 'fd00:77::3');
  // Another allocator over the same rows cannot hand out the same address twice.
  const stale = PoolAllocator.load('p', pool, ipamAllocationStore(second));
  reloaded.claim('fd00:77::3', 'endpoint');
  assert.throws(() => stale.claim('fd00:77::3', 'endpoint'), isError('conflict', 'fd00:77::3 in pool p is already allocated'));
});
