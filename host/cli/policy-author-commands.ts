// Policy-author commands under `wasmdriver policy`: new, test, replay, bench.
// Each loads the policy into the daemon's own runtime, so a policy that
// passes here is validated exactly as `serve` will validate it.
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { createLogger } from '../logging';
import { isHookName, HOOK_NAMES } from '../policy/hook-contract';
import { openCandidate, type Candidate, type CandidateOptions } from './policy-author/candidate';
import { readFixtures } from './policy-author/fixtures';
import { runFixtures } from './policy-author/run-fixtures';
import { describeChange, readDecisionLog, recordedPolicies, replay } from './policy-author/replay';
import { bench } from './policy-author/bench';
import { decisionContext, type HostState } from './policy-author/host-state';
import { scaffoldPolicy } from './policy-author/scaffold';
import { toFixture, isBroken } from './policy-author/fixtures';

interface RuntimeFlags {
  budgetMs?: string;
  logLevel: string;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/** What `policy new` suggests next: the README's "Writing a policy" steps 2 and 3, run from where `new` ran. */
export function nextSteps(target: string): string {
  const dir = join(target);
  const name = basename(resolve(target));
  return [
    'next (from this directory; the same steps, from inside the project, are in its README.md):',
    `  tsc -p ${dir}`,
    `  wasmdriver policy test ${join(dir, 'policy.ts')} ${join(dir, 'fixtures')}`,
    '  mkdir -p policies',
    `  wasmdriver policy build ${join(dir, 'policy.ts')} -o ${join('policies', `${name}.wasm`)}`,
  ].join('\n');
}

function candidateOptions(flags: RuntimeFlags): CandidateOptions {
  const budget = flags.budgetMs === undefined ? undefined : Number(flags.budgetMs);
  if (budget !== undefined && (!Number.isInteger(budget) || budget < 1)) throw new Error(`--budget-ms: "${flags.budgetMs}" is not a whole number of milliseconds`);
  return {
    ...(budget !== undefined ? { budgetMs: budget } : {}),
    logger: createLogger({ level: flags.logLevel as 'silent', pretty: false, destination: process.stderr }),
  };
}

async function withCandidate<T>(file: string, flags: RuntimeFlags, use: (c: Candidate) => Promise<T>): Promise<T> {
  const candidate = await openCandidate(file, candidateOptions(flags));
  try {
    return await use(candidate);
  } finally {
    await candidate.close();
  }
}

/** Inline JSON/YAML, or @path to read it from a file. */
function readValue(text: string, what: string): unknown {
  let source = text;
  if (text.startsWith('@')) {
    try {
      source = readFileSync(text.slice(1), 'utf8');
    } catch (err) {
      throw new Error(`${what}: cannot read ${text.slice(1)}: ${(err as Error).message}`);
    }
  }
  try {
    return parse(source);
  } catch (err) {
    throw new Error(`${what}: not valid JSON or YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

function addRuntimeFlags(cmd: Command): Command {
  return cmd
    .option('--budget-ms <ms>', 'time budget of one call, as the daemon would apply (default 100)')
    .option('--log-level <level>', 'show guest console output and runtime messages at this level on stderr', 'silent');
}

export function registerPolicyAuthorCommands(policy: Command): void {
  // The lead may wire this from more than one place; register once.
  if (policy.commands.some((c) => c.name() === 'new')) return;

  policy
    .command('new')
    .description('scaffold a policy project: policy.ts, tsconfig.json, fixtures/, README.md')
    .argument('<name>', 'directory to create; its name is the policy name')
    .action((name: string) => {
      const files = scaffoldPolicy(name);
      out(`created ${name}/: ${files.join(', ')}`);
      out(nextSteps(name));
    });

  addRuntimeFlags(
    policy
      .command('test')
      .description('run fixture files against a policy, like `opa test` / `kwctl run`; exits 1 if any fails')
      .argument('<policy>', 'policy.wasm, or a .ts entry point (compiled first)')
      .argument('<fixtures-dir>', 'directory of *.yaml|*.yml|*.json fixtures: {hook, input, expect | expectError, tenant?, state?}'),
  ).action(async (file: string, dir: string, flags: RuntimeFlags) => {
    const fixtures = readFixtures(dir);
    const summary = await withCandidate(file, flags, (c) => runFixtures(c, fixtures, out));
    if (summary.failed > 0 || summary.broken > 0) process.exitCode = 1;
  });

  addRuntimeFlags(
    policy
      .command('replay')
      .description('re-run decisions recorded by `serve --record-inputs` against a candidate; exits 1 if any would change')
      .argument('<decision-log>', 'daemon log file (JSON lines)')
      .requiredOption('--policy <candidate>', 'candidate policy: .wasm, or a .ts entry point')
      .option('--name <policy>', 'replay only the decisions recorded for this policy (the "policy" field of the decision lines); default: all, counted per policy'),
  ).action(async (logFile: string, flags: RuntimeFlags & { policy: string; name?: string }) => {
    const log = readDecisionLog(logFile);
    if (log.decisions.length === 0) {
      throw new Error(
        `${logFile} holds no replayable decisions` +
          (log.withoutInput > 0 ? ` (${log.withoutInput} were logged without inputs: run the daemon with --record-inputs)` : ''),
      );
    }
    const recorded = recordedPolicies(log);
    const listed = () => [...recorded].map(([name, n]) => `${name} (${n})`).join(', ');
    if (flags.name !== undefined && !recorded.has(flags.name)) {
      throw new Error(`${logFile} holds no replayable decisions recorded for policy "${flags.name}" (recorded: ${listed()})`);
    }
    const result = await withCandidate(flags.policy, flags, (c) => replay(c, log, (change) => out(describeChange(change)), flags.name));
    const skipped = [
      ...(result.skipped > 0 ? [`${result.skipped} recorded for other policies were not replayed`] : []),
      ...(log.withoutInput > 0 ? [`${log.withoutInput} logged without inputs were skipped`] : []),
    ].map((s) => `; ${s}`).join('');
    const of = flags.name === undefined ? '' : ` recorded for policy ${flags.name}`;
    out(`replayed ${result.replayed} decisions${of}: ${result.changed} would change, ${result.replayed - result.changed} unchanged${skipped}`);
    if (flags.name === undefined) {
      // Say what was compared: a candidate usually replaces one policy, and the others' decisions are noise.
      for (const [name, counts] of result.byPolicy) {
        out(`  recorded policy ${name}: ${counts.replayed} replayed, ${counts.changed} would change, ${counts.replayed - counts.changed} unchanged`);
      }
      if (result.byPolicy.size > 1) out('decisions of several policies were replayed against one candidate: use --name POLICY to replay only one of them');
    }
    if (result.changed > 0) process.exitCode = 1;
  });

  addRuntimeFlags(
    policy
      .command('bench')
      .description('measure decision latency of one hook: p50/p90/p99 and calls/s, like `kwctl bench`')
      .argument('<policy>', 'policy.wasm, or a .ts entry point')
      .argument('<hook>', `hook to call (${HOOK_NAMES.join(', ')})`)
      .requiredOption('--input <json|@file>', 'hook input (omitted fields take empty values)')
      .option('--state <json|@file>', 'host state, as in fixtures: {taken: [...], tenantVolumes: {count, bytes}}')
      .option('--tenant <tenant>', 'tenant asking', '')
      .option('--iterations <n>', 'measured calls', '1000')
      .option('--warmup <n>', 'calls before measuring', '50')
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, hook: string, flags: RuntimeFlags & { input: string; state?: string; tenant: string; iterations: string; warmup: string; json?: boolean }) => {
    if (!isHookName(hook)) throw new Error(`"${hook}" is not a hook (${HOOK_NAMES.join(', ')})`);
    const iterations = Number(flags.iterations);
    const warmup = Number(flags.warmup);
    if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`--iterations: "${flags.iterations}" is not a positive whole number`);
    if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`--warmup: "${flags.warmup}" is not a whole number`);
    const fixture = toFixture(
      { hook, tenant: flags.tenant, input: readValue(flags.input, '--input'), ...(flags.state ? { state: readValue(flags.state, '--state') } : {}), expectError: 'unused' },
      '--input',
    );
    if (isBroken(fixture)) throw new Error(fixture.problem);
    const state: HostState = fixture.state;
    await withCandidate(file, flags, async (c) => {
      // A fresh context per call: a decision must not see the previous call's (unapplied) answer.
      const result = await bench(c, { hook, tenant: fixture.tenant, input: fixture.input, context: () => decisionContext(hook, fixture.input, state) }, iterations, warmup);
      if (flags.json) {
        out(JSON.stringify({ policy: c.name, sha256: c.sha256, hook, ...result }));
        return;
      }
      const ms = (x: number) => `${x.toFixed(3)} ms`;
      const fallback = c.hooks.has(hook) ? '' : ' (not exported: the built-in default answered)';
      out(`policy ${c.name} (sha256 ${c.sha256.slice(0, 12)}), hook ${hook}${fallback}: ${iterations} calls after ${warmup} warm-up calls`);
      out(`p50 ${ms(result.p50Ms)}   p90 ${ms(result.p90Ms)}   p99 ${ms(result.p99Ms)}   max ${ms(result.maxMs)}   mean ${ms(result.meanMs)}`);
      out(`${Math.round(result.callsPerSecond)} calls/s`);
    });
  });
}
