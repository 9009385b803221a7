import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { openStateStore, type StateStore } from '../../../host/state/store';
import { tempStateDir } from './temp-state-dir';
import Database from 'better-sqlite3';
import { TransactionRunner } from '../../../host/state/transactions';

function freshStore(t: TestContext): StateStore {
  const store = openStateStore(tempStateDir(t), { durability: 'normal' });
  t.after(() => store.close());
  return store;
}

const pool = (poolId: string) => ({
  poolId,
  addressSpace: 'local',
  cidr: `10.${poolId.length}.0.0/16`,
  subPool: null,
  v6: false,
  options: {},
  policy: 'default',
  tenant: null,
  requestKey: poolId,
});

test('a throw inside a transaction rolls back every statement in it', (t) => {
  const store = freshStore(t);
  store.ipamPools.insert(pool('p'));
  assert.throws(
    () =>
      store.transaction(() => {
        store.ipamAllocations.insert('p', '10.1.0.1', 'gateway');
        store.ipamAllocations.insert('p', '10.1.0.2', 'endpoint');
        throw new Error('later step failed');
      }),
    /later step failed/,
  );
  assert.equal(store.ipamAllocations.countByPool('p'), 0);
});

test('a constraint failure part-way rolls back the earlier statements', (t) => {
  const store = freshStore(t);
  store.ipamPools.insert(pool('p'));
  store.ipamAllocations.insert('p', '10.1.0.9', 'endpoint');
  assert.throws(() =>
    store.transaction(() => {
      store.ipamAllocations.insert('p', '10.1.0.1', 'gateway');
      store.ipamAllocations.insert('p', '10.1.0.9', 'endpoint');
    }),
  );
  assert.deepEqual(store.ipamAllocations.listByPool('p').map((a) => a.address), ['10.1.0.9']);
});

test('after-commit hooks run once the outermost transaction commits, in order', (t) => {
  const store = freshStore(t);
  const seen: string[] = [];
  const result = store.transaction(() => {
    store.afterCommit(() => seen.push('outer'));
    store.transaction(() => store.afterCommit(() => seen.push('inner')));
    assert.deepEqual(seen, [], 'nothing runs before commit');
    return 42;
  });
  assert.equal(result, 42);
  assert.deepEqual(seen, ['outer', 'inner']);
  store.afterCommit(() => seen.push('now'));
  assert.deepEqual(seen, ['outer', 'inner', 'now']);
});

test('after-commit hooks are dropped on rollback, including a rolled-back savepoint only', (t) => {
  const store = freshStore(t);
  store.ipamPools.insert(pool('p'));
  const seen: string[] = [];
  assert.throws(() =>
    store.transaction(() => {
      store.afterCommit(() => seen.push('lost'));
      throw new Error('boom');
    }),
  );
  assert.equal(seen.length, 0);

  store.transaction(() => {
    store.ipamAllocations.insert('p', '10.1.0.1', 'gateway');
    store.afterCommit(() => seen.push('kept'));
    assert.throws(() =>
      store.transaction(() => {
        store.ipamAllocations.insert('p', '10.1.0.2', 'endpoint');
        store.afterCommit(() => seen.push('inner lost'));
        throw new Error('inner failed');
      }),
    );
  });
  assert.deepEqual(seen, ['kept']);
  assert.deepEqual(store.ipamAllocations.listByPool('p').map((a) => a.address), ['10.1.0.1']);
});

test('an async function is refused instead of committing early', (t) => {
  const store = freshStore(t);
  assert.throws(() => store.transaction(async () => 1), TypeError);
});

test('a relaxed commit applies to its own transaction only; the store keeps fsyncing the rest', (t) => {
  const db = new Database(':memory:');
  t.after(() => db.close());
  const runner = new TransactionRunner(db, 'full');
  db.pragma('synchronous = FULL');
  const seen: number[] = [];
  const synchronous = () => db.pragma('synchronous', { simple: true }) as number;
  runner.run(() => seen.push(synchronous()), 'process');
  runner.run(() => seen.push(synchronous()));
  runner.run(() => runner.run(() => seen.push(synchronous()), 'process'));
  // SQLite: 1 = NORMAL, 2 = FULL. A nested call joins its outer transaction.
  assert.deepEqual(seen, [1, 2, 2]);
  assert.equal(synchronous(), 2);
});
