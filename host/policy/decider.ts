// What drivers need from the policy runtime, and nothing more, so driver
// unit tests can stand a fake in for the real runtime.
import type { HookName, HookOutput } from './hook-contract';
import type { DecisionContext, DecisionInput, PolicyChoice } from './runtime';

export type { DecisionContext, DecisionInput, PolicyChoice } from './runtime';

export interface PolicyDecider {
  /** Resolves `policy=`/`tenant=` options at create time; throws `invalid` for an unknown policy or tenant. */
  choose(options: { policy?: string | undefined; tenant?: string | undefined }): PolicyChoice;
  /** Asks the chosen policy; the answer is already validated. Throws `policy` errors with policy, hook and reason. */
  decide<H extends HookName>(hook: H, choice: PolicyChoice, input: DecisionInput<H>, ctx?: DecisionContext): Promise<HookOutput<H>>;
}
