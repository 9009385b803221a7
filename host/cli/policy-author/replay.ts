// `wasmdriver policy replay`: recorded decisions (daemon log lines written
// with --record-inputs) against a candidate, reporting each one whose
// outcome would change. Each decision is judged against the state the log
// shows at that point (what was applied), not against the candidate's own
// earlier answers. Host state is rebuilt from the log itself:
// addresses earlier decisions handed out count as taken in their pool, and
// volumes earlier admissions allowed count for their tenant. Releases and
// removals are not logged, so that state can only grow; an address the log
// shows being handed out again is released first.
import { readFileSync } from 'node:fs';
import type { HeldPool } from '../../drivers/ipam/pool-registry';
import { errorMessage } from '../../errors';
import { isHookName, type HookName } from '../../policy/hook-contract';
import type { Candidate } from './candidate';
import { decisionContext, simulatedPool } from './host-state';
import { describeOutcome, outcomeOf, outputDiff, type Outcome } from './outcome';

export interface RecordedDecision {
  line: number;
  hook: HookName;
  tenant: string;
  policy: string;
  input: Record<string, unknown>;
  recorded: Outcome;
}

export interface ReadLog {
  decisions: RecordedDecision[];
  /** Decision lines logged without their input (the daemon ran without --record-inputs). */
  withoutInput: number;
}

export function readDecisionLog(path: string): ReadLog {
  const decisions: RecordedDecision[] = [];
  let withoutInput = 0;
  readFileSync(path, 'utf8').split('\n').forEach((text, i) => {
    if (!text.startsWith('{')) return;
    let entry: { decision?: Record<string, unknown> };
    try {
      entry = JSON.parse(text) as typeof entry;
    } catch {
      return;
    }
    const d = entry.decision;
    if (!d || typeof d.hook !== 'string' || !isHookName(d.hook)) return;
    if (typeof d.input !== 'object' || d.input === null) {
      withoutInput++;
      return;
    }
    const { tenant: _t, policy: _p, ...input } = d.input as Record<string, unknown>;
    const recorded: Outcome = typeof d.error === 'string' ? { ok: false, error: d.error } : { ok: true, output: 'applied' in d ? d.applied : d.output };
    decisions.push({ line: i + 1, hook: d.hook, tenant: String(d.tenant ?? ''), policy: String(d.policy ?? ''), input, recorded });
  });
  return { decisions, withoutInput };
}

/** Host state as the log shows it growing. */
class ReplayState {
  readonly #pools = new Map<string, HeldPool>();
  readonly #volumes = new Map<string, { count: number; bytes: number }>();

  poolFor(d: RecordedDecision): HeldPool {
    const id = String(d.input.poolId);
    let held = this.#pools.get(id);
    if (!held) {
      held = simulatedPool(String(d.input.pool), String(d.input.subPool ?? ''), []);
      this.#pools.set(id, held);
    }
    const applied = d.recorded.ok ? (d.recorded.output as { address?: unknown }).address : undefined;
    if (typeof applied === 'string') held.allocator.release(applied);
    return held;
  }

  tenantVolumes(tenant: string) {
    return this.#volumes.get(tenant) ?? { count: 0, bytes: 0 };
  }

  /** Applies what the daemon did with the recorded decision. */
  record(d: RecordedDecision, held: HeldPool | undefined): void {
    if (!d.recorded.ok) return;
    const out = d.recorded.output as Record<string, unknown>;
    if (held && typeof out.address === 'string') {
      try {
        held.allocator.claim(out.address, 'endpoint');
      } catch {
        // Already simulated as taken: nothing to add.
      }
    }
    if (d.hook === 'admitVolume' && out.allow === true) {
      const usage = this.tenantVolumes(d.tenant);
      this.#volumes.set(d.tenant, { count: usage.count + 1, bytes: usage.bytes + Number(d.input.sizeBytes ?? 0) });
    }
  }
}

export interface ReplayChange {
  decision: RecordedDecision;
  candidate: Outcome;
  diff: string | undefined;
}

function changed(recorded: Outcome, candidate: Outcome): boolean {
  if (recorded.ok !== candidate.ok) return true;
  // A refusal that stays a refusal is the same decision, whatever its wording.
  return recorded.ok && candidate.ok ? outputDiff(candidate.output, recorded.output) !== undefined : false;
}

export interface ReplayCounts {
  replayed: number;
  changed: number;
}

export interface ReplayResult extends ReplayCounts {
  /** Per recorded policy name (the `policy` field of the decision lines), in order of first appearance. */
  byPolicy: Map<string, ReplayCounts>;
  /** Decisions of other recorded policies, not replayed because `only` named one. */
  skipped: number;
}

/** The recorded policy names of a log and how many decisions each has, in order of first appearance. */
export function recordedPolicies(log: ReadLog): Map<string, number> {
  const names = new Map<string, number>();
  for (const d of log.decisions) names.set(d.policy, (names.get(d.policy) ?? 0) + 1);
  return names;
}

/**
 * Replays the log's decisions against the candidate; with `only`, just
 * those recorded for that policy. Decisions of other policies are still
 * applied to the simulated host state (their addresses stay taken, their
 * volumes count for their tenant), as they were on the host.
 */
export async function replay(candidate: Candidate, log: ReadLog, onChange: (c: ReplayChange) => void, only?: string): Promise<ReplayResult> {
  const state = new ReplayState();
  const result: ReplayResult = { replayed: 0, changed: 0, byPolicy: new Map(), skipped: 0 };
  for (const d of log.decisions) {
    let held: HeldPool | undefined;
    if (only !== undefined && d.policy !== only) {
      result.skipped++;
      try {
        held = d.hook === 'assignAddress' ? state.poolFor(d) : undefined;
      } catch {
        held = undefined;
      }
      state.record(d, held);
      continue;
    }
    let outcome: Outcome;
    try {
      held = d.hook === 'assignAddress' ? state.poolFor(d) : undefined;
      const ctx = decisionContext(d.hook, d.input, { tenantVolumes: state.tenantVolumes(d.tenant) }, held);
      outcome = await outcomeOf(candidate.decide(d.hook, d.tenant, d.input, ctx));
    } catch (err) {
      outcome = { ok: false, error: `cannot replay: ${errorMessage(err)}` };
    }
    const counts = result.byPolicy.get(d.policy) ?? { replayed: 0, changed: 0 };
    result.byPolicy.set(d.policy, counts);
    counts.replayed++;
    result.replayed++;
    if (changed(d.recorded, outcome)) {
      counts.changed++;
      result.changed++;
      onChange({ decision: d, candidate: outcome, diff: d.recorded.ok && outcome.ok ? outputDiff(outcome.output, d.recorded.output) : undefined });
    }
    state.record(d, held);
  }
  return result;
}

export function describeChange(c: ReplayChange): string {
  const d = c.decision;
  return [
    `line ${d.line}: ${d.hook} (tenant ${JSON.stringify(d.tenant)}, recorded policy ${d.policy})`,
    `    recorded:  ${describeOutcome(d.recorded)}`,
    `    candidate: ${describeOutcome(c.candidate)}`,
  ].join('\n');
}
