// Runaway guests are cut off by the named limit within a generous multiple
// of their budget, and decisions for another tenant and policy, asked at
// the same time, still get their answers. The figures are printed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmdriverError } from '../../../host/errors';
import { DEFAULT_LIMITS } from '../../../host/policy/limits';
import { fixture, openRuntime, type TestRuntime } from './helpers';

const BUDGET_MS = DEFAULT_LIMITS.budgetMs;
// Generous: the machine running the tests may be loaded and V8 may not have
// optimised the engine yet; the limits are still what stops the guest.
const CUTOFF_MS = 15 * BUDGET_MS;

let rt: TestRuntime;
before(async () => {
  rt = await openRuntime({ runaway: fixture('runaway') });
});
after(() => rt.close());

const runaway = (mode: string, size = 0, tenant = 'bad') =>
  rt.runtime.decide('bridgeName', rt.runtime.choose({ policy: 'runaway', tenant }), { networkId: 'n'.repeat(64), options: { runaway: mode, 'runaway.size': String(size) } });

const normal = (i: number, runtime = rt) => runtime.runtime.decide('bridgeName', runtime.runtime.choose({ tenant: 'good' }), { networkId: `${i}`.padStart(64, 'a'), options: {} });

async function timed<T>(p: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await p;
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

const CASES: [mode: string, reason: RegExp][] = [
  ['loop', /limit exceeded: operations/],
  ['churn', /limit exceeded: operations/],
  ['alloc', /limit exceeded: (heap|operations)/],
  ['recurse', /limit exceeded: stack/],
  ['trap', /the policy trapped/],
];

describe('runaway guests are cut off while other decisions are answered', () => {
  before(async () => {
    // Warm both instances, so the figures are about the runaway call.
    await runaway('');
    await normal(0);
  });

  for (const [mode, reason] of CASES) {
    test(mode, async () => {
      const bad = timed(runaway(mode));
      const good = Array.from({ length: 20 }, (_, i) => timed(normal(i + 1)));
      const [b, ...g] = await Promise.all([bad, ...good]);
      const goodMs = g.map((r) => r.ms).sort((x, y) => x - y);
      console.log(`${mode}: runaway refused after ${b.ms.toFixed(1)} ms; 20 concurrent decisions for another tenant answered, slowest ${goodMs.at(-1)!.toFixed(1)} ms, median ${goodMs[10]!.toFixed(1)} ms`);

      assert.ok(b.error instanceof WasmdriverError, `runaway ${mode} was not refused: ${JSON.stringify(b.value)}`);
      assert.equal(b.error.kind, 'policy');
      assert.ok(b.error.message.startsWith('policy "runaway" (bridgeName): '), b.error.message);
      assert.match(b.error.message, reason);
      assert.ok(b.ms < CUTOFF_MS, `runaway ${mode} ran ${b.ms.toFixed(1)} ms, more than ${CUTOFF_MS} ms`);
      for (const r of g) assert.equal(r.error, undefined, `a concurrent decision failed: ${String(r.error)}`);
      assert.ok(goodMs.at(-1)! < CUTOFF_MS + 1000, `a concurrent decision waited ${goodMs.at(-1)!.toFixed(1)} ms`);

      // The instance that misbehaved (or its replacement, after a trap) answers again.
      assert.deepEqual(await runaway(''), { name: 'br-nnnnnnnn0' });
    });
  }
});

test('a native built-in that outruns the budget is not acted on, and its policy moves to a worker thread', async () => {
  // JSON.stringify of 30,000 small objects takes far longer than 20 ms
  // (measured 107-626 ms), in C, where the operation budget is never
  // checked; the host's clock catches it.
  const tight = await openRuntime({ tight: fixture('runaway') }, { policies: { tight: { budgetMs: 20 } } });
  try {
    const stringify = () => tight.runtime.decide('bridgeName', tight.runtime.choose({ policy: 'tight' }), { networkId: 'n'.repeat(64), options: { runaway: 'stringify', 'runaway.size': '30000' } });
    const first = await timed(stringify());
    console.log(`stringify of 30,000 objects under a 20 ms budget, in-thread: refused after ${first.ms.toFixed(1)} ms`);
    assert.ok(first.error instanceof WasmdriverError, 'the over-budget decision was applied');
    assert.match(first.error.message, /^policy "tight" \(bridgeName\): call took [\d.]+ ms, over its budget of 20 ms/);
    assert.equal(tight.runtime.status().find((p) => p.name === 'tight')?.isolated, true);
    assert.ok(tight.log.lines.some((l) => l.policy === 'tight' && /run in worker threads from now on/.test(l.msg)));

    // Isolated, the same call no longer holds the daemon's thread: decisions
    // of another policy asked meanwhile are all answered before it is.
    const finished: string[] = [];
    const again = timed(stringify()).then((r) => (finished.push('isolated'), r));
    await new Promise((r) => setTimeout(r, 20)); // let the worker start on it
    const others = await Promise.all(Array.from({ length: 20 }, (_, i) => timed(normal(100 + i, tight)).then((r) => (finished.push('other'), r))));
    const isolated = await again;
    const slowest = Math.max(...others.map((o) => o.ms));
    console.log(`isolated: refused after ${isolated.ms.toFixed(1)} ms; 20 decisions of another policy meanwhile, slowest ${slowest.toFixed(1)} ms`);
    assert.ok(isolated.error instanceof WasmdriverError);
    assert.match(isolated.error.message, /^policy "tight" \(bridgeName\): (call took [\d.]+ ms, over its budget of 20 ms|stopped at the worker's deadline|limit exceeded: heap)/);
    for (const o of others) assert.equal(o.error, undefined);
    assert.deepEqual(finished, [...Array(20).fill('other'), 'isolated'], 'another decision waited for the isolated policy');

    // A well-behaved call of the isolated policy still gets its answer.
    const fine = await tight.runtime.decide('bridgeName', tight.runtime.choose({ policy: 'tight' }), { networkId: 'n'.repeat(64), options: {} });
    assert.deepEqual(fine, { name: 'br-nnnnnnnn0' });
  } finally {
    await tight.close();
  }
});

test('a guest that throws is refused with its own message, and the instance lives on', async () => {
  await assert.rejects(runaway('throw'), /^WasmdriverError: policy "runaway" \(bridgeName\): Error: this policy refuses everything|policy "runaway" \(bridgeName\): .*this policy refuses everything/);
  assert.deepEqual(await runaway(''), { name: 'br-nnnnnnnn0' });
});

test('a host function given a nonsense pointer answers with its sentinel instead of trapping', async () => {
  const trapsBefore = rt.log.lines.filter((l) => l.msg === 'policy instance trapped; replacing it').length;
  // "answered -1, pool none" is 22 characters: the name ends in 2.
  assert.deepEqual(await runaway('bad-pointer'), { name: 'br-nnnnnnnn2' });
  assert.equal(rt.log.lines.filter((l) => l.msg === 'policy instance trapped; replacing it').length, trapsBefore);
});
