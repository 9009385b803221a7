// One decision's result as the CLI compares it: an output, or a refusal.
import assert from 'node:assert/strict';
import { errorMessage } from '../../errors';

export type Outcome = { ok: true; output: unknown } | { ok: false; error: string };

export async function outcomeOf(decision: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, output: await decision };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

/** Undefined when equal; otherwise node:assert's "+ actual - expected" diff. */
export function outputDiff(actual: unknown, expected: unknown): string | undefined {
  try {
    assert.deepStrictEqual(actual, expected);
    return undefined;
  } catch (err) {
    return errorMessage(err).split('\n').slice(1).join('\n').trim();
  }
}

export function describeOutcome(o: Outcome): string {
  return o.ok ? JSON.stringify(o.output) : `refused: ${o.error}`;
}
