// Runs after every tier: a run that leaves kernel objects, mounts or
// processes behind is a failing run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { takeSuiteSnapshot, suiteLeaks, type SuiteSnapshot } from './suite-snapshot';

test('the test run left nothing behind', async () => {
  const baselinePath = process.env.WASMDRIVER_LEAK_BASELINE;
  assert.ok(baselinePath, 'WASMDRIVER_LEAK_BASELINE is not set: run the suite through scripts/test');
  const before = JSON.parse(await readFile(baselinePath, 'utf8')) as SuiteSnapshot;
  const leaks = suiteLeaks(before, await takeSuiteSnapshot());
  assert.deepEqual(leaks, [], `the test run leaked:\n${leaks.join('\n')}`);
});
