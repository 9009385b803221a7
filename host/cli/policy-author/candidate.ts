// A policy under test, loaded into the daemon's own PolicyRuntime (same
// limits, schema and semantic checks, same fallback to the built-in default)
// from a .wasm file or a .ts entry point compiled on the spot.
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import pino from 'pino';
import { buildPolicy } from '../../../guests/compiler/index';
import { builtinPolicyDir } from '../../daemon/services';
import { DEFAULT_LIMITS } from '../../policy/limits';
import { DEFAULT_POLICY, isValidPolicyName, loadPolicyFile } from '../../policy/policy-catalog';
import { PolicyRuntime, defaultRuntimeConfig, type DecisionContext } from '../../policy/runtime';
import type { HookName, HookOutput } from '../../policy/hook-contract';
import type { Logger } from '../../logging';

export interface CandidateOptions {
  budgetMs?: number;
  /** Where guest console output and runtime messages go; silent by default. */
  logger?: Logger;
}

export interface Candidate {
  name: string;
  sha256: string;
  /** Hooks the candidate exports; others are answered by the built-in default. */
  hooks: ReadonlySet<HookName>;
  decide<H extends HookName>(hook: H, tenant: string, input: Record<string, unknown>, ctx: DecisionContext): Promise<HookOutput<H>>;
  close(): Promise<void>;
}

function candidateName(file: string): string {
  const stem = basename(file, extname(file)).toLowerCase();
  return isValidPolicyName(stem) && stem !== DEFAULT_POLICY ? stem : 'candidate';
}

export async function openCandidate(file: string, opts: CandidateOptions = {}): Promise<Candidate> {
  if (!existsSync(file)) throw new Error(`policy ${file} does not exist`);
  const dir = await mkdtemp(join(tmpdir(), 'wasmdriver-candidate-'));
  const name = candidateName(file);
  const wasmPath = join(dir, `${name}.wasm`);
  let runtime: PolicyRuntime | undefined;
  try {
    if (file.endsWith('.ts')) {
      const built = await buildPolicy({ entry: file });
      await writeFile(wasmPath, built.wasm);
    } else {
      await copyFile(file, wasmPath);
    }
    // Loaded once here for its error: the runtime would only log why a policy failed to load.
    await loadPolicyFile(name, file.endsWith('.ts') ? wasmPath : file, false);
    runtime = await PolicyRuntime.open(
      {
        ...defaultRuntimeConfig({ builtinDir: builtinPolicyDir(), policyDir: dir, pins: {} }),
        limits: { ...DEFAULT_LIMITS, budgetMs: opts.budgetMs ?? DEFAULT_LIMITS.budgetMs },
        watch: false,
      },
      opts.logger ?? pino({ level: 'silent' }),
    );
    const loaded = runtime.status().find((p) => p.name === name);
    if (!loaded) throw new Error(`${file} could not be loaded as a policy; run with --log-level error to see why`);
    const open = runtime;
    return {
      name,
      sha256: loaded.sha256,
      hooks: new Set(loaded.hooks),
      decide: (hook, tenant, input, ctx) => open.decide(hook, { policy: name, tenant }, input as never, ctx),
      async close() {
        await open.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await runtime?.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
