// One JSON line per policy decision: enough to audit who decided what, and
// (with recording on) to replay the decision against a candidate policy.
import { createHash } from 'node:crypto';
import type { Logger } from '../logging';
import type { HookName } from './hook-contract';

export type PolicyMode = 'enforce' | 'monitor';

export interface DecisionRecord {
  policy: string;
  sha256: string;
  tenant: string;
  hook: HookName;
  mode: PolicyMode;
  input: unknown;
  /** The input as the guest received it, when the caller already has it (saves serialising twice). */
  inputJson?: string;
  output?: unknown;
  /** What the host acted on; differs from output in monitor mode. */
  applied?: unknown;
  error?: string;
  durationUs: number;
}

export class DecisionLog {
  constructor(private readonly logger: Logger, private readonly recordInputs: boolean) {}

  write(record: DecisionRecord): void {
    const inputJson = record.inputJson ?? JSON.stringify(record.input);
    const line = {
      decision: {
        policy: record.policy,
        sha256: record.sha256,
        tenant: record.tenant,
        hook: record.hook,
        mode: record.mode,
        inputDigest: `sha256:${createHash('sha256').update(inputJson).digest('hex')}`,
        ...(this.recordInputs ? { input: record.input } : {}),
        ...('output' in record ? { output: record.output } : {}),
        ...('applied' in record ? { applied: record.applied } : {}),
        ...(record.error !== undefined ? { error: record.error } : {}),
        durationUs: record.durationUs,
      },
    };
    if (record.error !== undefined) this.logger.warn(line, 'policy decision failed');
    else this.logger.info(line, 'policy decision');
  }
}
