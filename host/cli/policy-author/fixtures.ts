// Fixture files for `wasmdriver policy test`: one decision each, with the
// answer the author expects. A file holds one fixture or a list of them,
// in YAML or JSON. Omitted input fields take the hook schema's empty value
// ("" , false, [], {}), so a fixture only spells out what it is about.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse } from 'yaml';
import { HookSchemas, isHookName } from '../../policy/hook-contract';
import type { HookName } from '../../policy/hook-contract';
import type { HostState } from './host-state';

const FixtureSchema = Type.Object(
  {
    name: Type.Optional(Type.String()),
    hook: Type.String(),
    tenant: Type.Optional(Type.String()),
    input: Type.Record(Type.String(), Type.Unknown()),
    state: Type.Optional(
      Type.Object(
        {
          taken: Type.Optional(Type.Array(Type.String())),
          tenantVolumes: Type.Optional(Type.Object({ count: Type.Integer({ minimum: 0 }), bytes: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
    expect: Type.Optional(Type.Unknown()),
    expectError: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

type RawFixture = Static<typeof FixtureSchema>;

export interface Fixture {
  /** file, or file#index for a list. */
  id: string;
  name: string;
  hook: HookName;
  tenant: string;
  /** Hook input without tenant and policy, which the runtime fills in. */
  input: Record<string, unknown>;
  state: HostState;
  expect: { output: unknown } | { error: string };
}

export interface BrokenFixture {
  id: string;
  problem: string;
}

const FIXTURE_FILE = /\.(ya?ml|json)$/;

function firstError(schema: TSchema, value: unknown): string | undefined {
  const e = Value.Errors(schema, value).First();
  if (!e) return undefined;
  return `${e.path === '' ? '(top level)' : e.path.slice(1).replaceAll('/', '.')}: ${e.message}`;
}

export function toFixture(raw: unknown, id: string): Fixture | BrokenFixture {
  const shape = firstError(FixtureSchema, raw);
  if (shape) return { id, problem: shape };
  const f = raw as RawFixture;
  if (!isHookName(f.hook)) return { id, problem: `hook: "${f.hook}" is not a hook (${Object.keys(HookSchemas).join(', ')})` };
  if ((f.expect === undefined) === (f.expectError === undefined)) {
    return { id, problem: 'give exactly one of expect (the output) or expectError (a substring of the error)' };
  }
  const tenant = f.tenant ?? (typeof f.input.tenant === 'string' ? f.input.tenant : '');
  const inputSchema = HookSchemas[f.hook].input as TSchema;
  // A misspelt key would otherwise just leave its field empty and fail for a misleading reason.
  const known = Object.keys((inputSchema as { properties?: Record<string, unknown> }).properties ?? {});
  const unknownKeys = Object.keys(f.input).filter((k) => !known.includes(k));
  if (unknownKeys.length > 0) return { id, problem: `input has unknown field${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.join(', ')} (the ${f.hook} input has ${known.join(', ')})` };
  const full = { ...(Value.Create(inputSchema) as Record<string, unknown>), ...f.input, tenant, policy: 'fixture' };
  const problem = firstError(inputSchema, full);
  if (problem) return { id, problem: `input.${problem} (the ${f.hook} input schema)` };
  const { tenant: _t, policy: _p, ...input } = full;
  return {
    id,
    name: f.name ?? id,
    hook: f.hook,
    tenant,
    input,
    state: f.state ?? {},
    expect: f.expectError !== undefined ? { error: f.expectError } : { output: f.expect },
  };
}

export function readFixtures(dir: string): (Fixture | BrokenFixture)[] {
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory of fixture files`);
  const files = readdirSync(dir).filter((f) => FIXTURE_FILE.test(f)).sort();
  if (files.length === 0) throw new Error(`${dir} holds no fixtures (*.yaml, *.yml or *.json)`);
  return files.flatMap((file) => {
    let parsed: unknown;
    try {
      parsed = parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      return [{ id: file, problem: `cannot parse: ${(err as Error).message.split('\n')[0]}` }];
    }
    if (Array.isArray(parsed)) return parsed.map((raw, i) => toFixture(raw, `${basename(file)}#${i}`));
    return [toFixture(parsed, basename(file))];
  });
}

export function isBroken(f: Fixture | BrokenFixture): f is BrokenFixture {
  return 'problem' in f;
}
