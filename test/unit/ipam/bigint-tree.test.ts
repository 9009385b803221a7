import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigIntTree } from '../../../host/drivers/ipam/allocator-tree';
import { randomInt, seededRandom } from '../../helpers/seeded-random';

test('the tree matches a sorted model under random inserts and deletes', () => {
  const random = seededRandom(5);
  const tree = new BigIntTree();
  const model = new Map<bigint, bigint>();
  for (let step = 0; step < 20000; step++) {
    const key = BigInt(randomInt(random, 2000)) << 70n; // keys well past 2^64
    if (random() < 0.55) {
      const value = BigInt(step);
      tree.set(key, value);
      model.set(key, value);
    } else {
      assert.equal(tree.delete(key), model.delete(key));
    }
    if (step % 1000 === 0) {
      const sorted = [...model.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
      assert.deepEqual([...tree.entries()].map((e) => [e.key, e.value]), sorted);
      assert.equal(tree.size, model.size);
      const probe = (BigInt(randomInt(random, 2000)) << 70n) + 1n;
      const floor = sorted.filter(([k]) => k <= probe).pop();
      assert.deepEqual(tree.floor(probe) && [tree.floor(probe)!.key, tree.floor(probe)!.value], floor);
      assert.equal(tree.get(probe - 1n), model.get(probe - 1n));
    }
  }
});

test('sequential inserts, the usual fill order, keep floor lookups exact', () => {
  const tree = new BigIntTree();
  for (let i = 0n; i < 100000n; i++) tree.set(i, i);
  assert.equal(tree.size, 100000);
  assert.equal(tree.floor(123456789n)?.key, 99999n);
  assert.equal(tree.floor(-1n), undefined);
});
