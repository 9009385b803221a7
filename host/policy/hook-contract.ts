// Compiled output validators for every hook, built once from the schemas
// in guests/sdk/hooks.ts (the single definition both sides share).
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { HookSchemas, HOOK_NAMES, type HookName, type HookOutput } from '../../guests/sdk/hooks';

export { HookSchemas, HOOK_NAMES, type HookName, type HookInput, type HookOutput } from '../../guests/sdk/hooks';

const outputChecks = new Map<HookName, TypeCheck<TSchema>>(
  HOOK_NAMES.map((hook) => [hook, TypeCompiler.Compile(HookSchemas[hook].output as TSchema)]),
);

/** Returns the first schema violation in words, or undefined when the output fits. */
export function outputSchemaViolation(hook: HookName, output: unknown): string | undefined {
  const check = outputChecks.get(hook)!;
  if (check.Check(output)) return undefined;
  const first = check.Errors(output).First();
  if (!first) return 'does not match the hook schema';
  const where = first.path === '' ? 'output' : `output${first.path.replaceAll('/', '.')}`;
  return `${where}: ${first.message}`;
}

export function isHookName(name: string): name is HookName {
  return (HOOK_NAMES as string[]).includes(name);
}

export type AnyHookOutput = HookOutput<HookName>;
