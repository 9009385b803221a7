// What the runtime tells an outside observer (the daemon's metrics) about
// each decision and reload. Optional and fire-and-forget: an observer must
// not throw, and the runtime never waits on it.
import type { GuestFailureKind } from './guest-instance';
import type { HookName } from './hook-contract';
import type { PolicyMode } from './decision-log';

/** Why a call failed: the guest's own failure kinds, a rejected answer, or the host could not run it. */
export type DecisionFailure = GuestFailureKind | 'invalid-output' | 'host';

export interface DecisionEvent {
  policy: string;
  hook: HookName;
  tenant: string;
  mode: PolicyMode;
  durationUs: number;
  failure?: DecisionFailure;
}

export interface ReloadEvent {
  reason: string;
  ok: boolean;
  /** Policy files that failed to load (their previous versions keep serving). */
  problems: number;
}

/**
 * The runtime's spare instance of a policy version (runtime.ts): built
 * (`ready`), handed to a new tenant (`taken`, possibly still being built),
 * or closed without ever serving (`discarded`: its version was replaced or
 * isolated, or the runtime closed). Spares are not tenants' instances.
 */
export interface SpareEvent {
  policy: string;
  sha256: string;
  change: 'ready' | 'taken' | 'discarded';
  /** The tenant it was handed to (`taken`). */
  tenant?: string;
}

export interface PolicyObserver {
  decision?(event: DecisionEvent): void;
  reload?(event: ReloadEvent): void;
  spare?(event: SpareEvent): void;
}
