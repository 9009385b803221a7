#!/usr/bin/env node
// Entry point of the `wasmdriver` command: wiring only.
import { Command } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };

const WASMDRIVER_VERSION = packageJson.version;
import { registerPolicyCommands } from './policy-commands';
import { registerServeCommand } from './serve-command';
import { registerStatusCommand } from './status-command';
import { registerConfigCommands } from './config-command';
import { registerServiceCommands } from './service-commands';
import { registerVolumesCommands } from './volumes-command';

const program = new Command('wasmdriver')
  .version(WASMDRIVER_VERSION)
  .description('Docker network, IPAM and volume plugins driven by WebAssembly policies')
  .showHelpAfterError();

registerServeCommand(program);
registerPolicyCommands(program);
registerStatusCommand(program);
registerConfigCommands(program);
registerServiceCommands(program);
registerVolumesCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`wasmdriver: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
