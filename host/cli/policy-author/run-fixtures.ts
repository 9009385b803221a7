// `wasmdriver policy test`: every fixture through the production runtime,
// PASS/FAIL per fixture with a diff on mismatch, then a summary, in the
// spirit of `opa test` and `kwctl run`.
import { errorMessage } from '../../errors';
import type { Candidate } from './candidate';
import { isBroken, type BrokenFixture, type Fixture } from './fixtures';
import { decisionContext } from './host-state';
import { describeOutcome, outcomeOf, outputDiff } from './outcome';

export interface FixtureSummary {
  passed: number;
  failed: number;
  broken: number;
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}

async function runOne(candidate: Candidate, f: Fixture): Promise<string | undefined> {
  let ctx;
  try {
    ctx = decisionContext(f.hook, f.input, f.state);
  } catch (err) {
    return `the fixture's state is unusable: ${errorMessage(err)}`;
  }
  const outcome = await outcomeOf(candidate.decide(f.hook, f.tenant, f.input, ctx));
  if ('error' in f.expect) {
    if (outcome.ok) return `expected an error containing ${JSON.stringify(f.expect.error)}, but the policy answered ${JSON.stringify(outcome.output)}`;
    if (!outcome.error.includes(f.expect.error)) return `expected an error containing ${JSON.stringify(f.expect.error)}, got: ${outcome.error}`;
    return undefined;
  }
  if (!outcome.ok) return `expected ${JSON.stringify(f.expect.output)}, but the policy failed: ${outcome.error}`;
  const diff = outputDiff(outcome.output, f.expect.output);
  // The policy's actual answer first, named as such: a bare value next to "expect" reads as the expected one.
  return diff === undefined ? undefined : `output ${describeOutcome(outcome)} differs from the fixture's expect:\n${diff}`;
}

export async function runFixtures(candidate: Candidate, fixtures: (Fixture | BrokenFixture)[], write: (line: string) => void): Promise<FixtureSummary> {
  const summary: FixtureSummary = { passed: 0, failed: 0, broken: 0 };
  for (const f of fixtures) {
    if (isBroken(f)) {
      summary.broken++;
      write(`ERROR ${f.id}: ${f.problem}`);
      continue;
    }
    const fallback = candidate.hooks.has(f.hook) ? '' : ' [hook not exported: the built-in default answered]';
    const problem = await runOne(candidate, f);
    const label = f.name === f.id ? f.id : `${f.id} (${f.name})`;
    if (problem === undefined) {
      summary.passed++;
      write(`PASS  ${label}: ${f.hook}${fallback}`);
    } else {
      summary.failed++;
      write(`FAIL  ${label}: ${f.hook}${fallback}\n${indent(problem)}`);
    }
  }
  const total = fixtures.length;
  write('-'.repeat(60));
  write(`PASS: ${summary.passed}/${total}`);
  if (summary.failed > 0) write(`FAIL: ${summary.failed}/${total}`);
  if (summary.broken > 0) write(`ERROR: ${summary.broken}/${total} (fixtures that could not be run)`);
  return summary;
}
