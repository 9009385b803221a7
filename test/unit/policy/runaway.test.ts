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
  rt = await openRuntime({ runaway: fixture('runaway') }, { policies: { tight: { budgetMs: 5 } } });
});
after(() => rt.close());

const runaway = (mode: string, size = 0, tenant = 'bad') =>
  rt.runtime.decide('bridgeName', rt.runtime.choose({ policy: 'runaway', tenant }), { networkId: 'n'.repeat(64), options: { runaway: mode, 'runaway.size': String(size) } });

const normal = (i: number) => rt.runtime.decide('bridgeName', rt.runtime.choose({ tenant: 'good' }), { networkId: `${i}`.padStart(64, 'a'), options: {} });

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

test('a native built-in that outruns the budget between interrupt checks is not acted on', async () => {
  // JSON.stringify of 30,000 small objects takes far longer than 5 ms, in C,
  // where the operation budget is never checked; the host's own clock catches it.
  const tight = await openRuntime({ tight: fixture('runaway') }, { policies: { tight: { budgetMs: 5 } } });
  try {
    const choice = tight.runtime.choose({ policy: 'tight' });
    const r = await timed(tight.runtime.decide('bridgeName', choice, { networkId: 'n'.repeat(64), options: { runaway: 'stringify', 'runaway.size': '30000' } }));
    console.log(`stringify of 30,000 objects under a 5 ms budget: refused after ${r.ms.toFixed(1)} ms`);
    assert.ok(r.error instanceof WasmdriverError, 'the over-budget decision was applied');
    assert.match(r.error.message, /^policy "tight" \(bridgeName\): (call took [\d.]+ ms, over its budget of 5 ms|limit exceeded: (heap|operations))/);
  } finally {
    await tight.close();
  }
});

test('a guest that throws is refused with its own message, and the instance lives on', async () => {
  await assert.rejects(runaway('throw'), /^WasmdriverError: policy "runaway" \(bridgeName\): Error: this policy refuses everything|policy "runaway" \(bridgeName\): .*this policy refuses everything/);
  assert.deepEqual(await runaway(''), { name: 'br-nnnnnnnn0' });
});
