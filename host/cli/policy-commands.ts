// `wasmdriver policy build` and `wasmdriver policy call`: compile a policy,
// and run one export the way `extism call` does.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadCreatePlugin } from '../policy/extism';
import type { Command } from 'commander';
import { buildPolicy } from '../../guests/compiler/index';
import { registerPolicyAuthorCommands } from './policy-author-commands';

interface BuildOptions {
  interface?: string;
  output: string;
}

interface CallOptions {
  input: string;
  config: string[];
  logLevel: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseConfig(pairs: string[]): Record<string, string> {
  const config: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`invalid --config "${pair}": expected key=value`);
    config[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return config;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// "@path" reads the input from a file; anything else is the input itself.
function readInput(input: string): string {
  if (!input.startsWith('@')) return input;
  try {
    return readFileSync(input.slice(1), 'utf8');
  } catch (err) {
    throw new Error(`cannot read input file ${input.slice(1)}: ${(err as Error).message}`);
  }
}

async function build(entry: string, opts: BuildOptions): Promise<void> {
  const built = await buildPolicy({
    entry,
    ...(opts.interface ? { interfaceFile: opts.interface } : {}),
    log: (level, message) => process.stderr.write(`[build ${level}] ${message}\n`),
  });
  writeFileSync(opts.output, built.wasm);
  process.stderr.write(
    `wrote ${opts.output}: ${built.wasm.length} bytes, sha256 ${built.sha256}, exports ${built.exports.join(', ')}` +
      `${built.hostFunctions.length ? `, host functions ${built.hostFunctions.map((f) => f.name).join(', ')}` : ''}` +
      ` (${Math.round(built.buildMs)} ms)\n`,
  );
}

async function call(wasmPath: string, exportName: string, opts: CallOptions): Promise<void> {
  const wasm = readFileSync(wasmPath);
  const module = await WebAssembly.compile(wasm);
  // The daemon provides host functions; here a call to one fails clearly.
  const user: Record<string, () => never> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module !== 'extism:host/user') continue;
    user[imp.name] = () => {
      throw new Error(`host function ${imp.name} is not available to \`policy call\``);
    };
  }
  const createPlugin = await loadCreatePlugin();
  const plugin = await createPlugin(
    { wasm: [{ module }], config: parseConfig(opts.config) },
    {
      useWasi: false,
      runInWorker: false,
      functions: { 'extism:host/user': user },
      logLevel: opts.logLevel as 'info',
      logger: {
        trace: (m: string) => process.stderr.write(`[trace] ${m}\n`),
        debug: (m: string) => process.stderr.write(`[debug] ${m}\n`),
        info: (m: string) => process.stderr.write(`[info] ${m}\n`),
        warn: (m: string) => process.stderr.write(`[warn] ${m}\n`),
        error: (m: string) => process.stderr.write(`[error] ${m}\n`),
      } as unknown as Console,
    },
  );
  try {
    if (!(await plugin.functionExists(exportName))) {
      throw new Error(`${wasmPath} has no export "${exportName}"`);
    }
    const input = readInput(opts.input);
    let output;
    try {
      output = await plugin.call(exportName, input);
    } catch (err) {
      // The input goes to the guest as raw bytes, as in `extism call`; say so when the guest choked on it as JSON.
      if (!isJson(input) && /SyntaxError/.test(errorText(err))) {
        throw new Error(`${errorText(err)}\n(the --input given is not valid JSON; it was passed to ${exportName} as raw text)`);
      }
      throw err;
    }
    if (output) process.stdout.write(output.text() + '\n');
  } finally {
    await plugin.close();
  }
}

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('build and run policies');

  policy
    .command('build')
    .description('compile a TypeScript policy to WebAssembly')
    .argument('<policy.ts>', 'policy entry point')
    .option('-i, --interface <file>', 'interface file declaring exports and host functions (extism-js format)')
    .requiredOption('-o, --output <file>', 'where to write the .wasm')
    .action(build);

  policy
    .command('call')
    .description('call one export of a compiled policy, like `extism call`')
    .argument('<policy.wasm>', 'compiled policy')
    .argument('<export>', 'export to call')
    .requiredOption('--input <json|@file>', 'call input, inline or @path to read it from a file')
    .option('--config <key=value>', 'plugin config entry (repeatable)', collect, [])
    .option('--log-level <level>', 'trace|debug|info|warn|error|silent', 'info')
    .action(async (wasmPath: string, exportName: string, opts: CallOptions) => {
      try {
        await call(wasmPath, exportName, opts);
      } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });

  registerPolicyAuthorCommands(policy);
}
