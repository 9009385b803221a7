import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntervalSet } from '../../../host/drivers/ipam/allocator-intervals';
import { randomInt, seededRandom } from '../../helpers/seeded-random';

// Checks the set against a plain Set after every operation: members, count,
// "first absent from x", and that runs stay sorted, disjoint and merged.
function checkAgainstModel(set: IntervalSet, model: Set<bigint>, universe: number): void {
  assert.equal(set.count, model.size);
  let previousEnd: bigint | undefined;
  let members = 0;
  for (const [start, end] of set.runs()) {
    assert.ok(start <= end);
    if (previousEnd !== undefined) assert.ok(start > previousEnd + 1n, `runs ${previousEnd} and ${start} should be merged`);
    previousEnd = end;
    members += Number(end - start + 1n);
  }
  assert.equal(members, model.size);
  for (let i = 0; i < universe; i++) {
    const x = BigInt(i);
    assert.equal(set.has(x), model.has(x));
    let absent = x;
    while (model.has(absent)) absent++;
    assert.equal(set.firstAbsentFrom(x), absent);
  }
}

for (const seed of [1, 2, 3, 42, 1234]) {
  test(`interval set matches a brute-force model (seed ${seed})`, () => {
    const random = seededRandom(seed);
    const universe = 64;
    const set = new IntervalSet();
    const model = new Set<bigint>();
    for (let step = 0; step < 1500; step++) {
      const x = BigInt(randomInt(random, universe));
      if (random() < 0.6) assert.equal(set.add(x), !model.has(x) && (model.add(x), true));
      else assert.equal(set.delete(x), model.delete(x));
      if (step % 10 === 0) checkAgainstModel(set, model, universe);
    }
    checkAgainstModel(set, model, universe);
  });
}

test('worst-case fragmentation keeps one run per isolated member', () => {
  const set = new IntervalSet();
  for (let i = 0n; i < 20000n; i += 2n) set.add(i);
  assert.equal(set.runCount, 10000);
  for (let i = 1n; i < 20000n; i += 2n) set.add(i);
  assert.equal(set.runCount, 1);
  assert.equal(set.firstAbsentFrom(0n), 20000n);
});
