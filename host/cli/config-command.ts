// `wasmdriver config check <file>`: validates a configuration file without
// starting anything. Exit 0 when valid, 1 with every problem listed.
import type { Command } from 'commander';
import { checkConfigFile } from '../config/config-file';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('work with the daemon configuration file');
  config
    .command('check')
    .description('validate a configuration file (YAML or JSON) without starting the daemon')
    .argument('<file>', 'configuration file')
    .action((file: string) => {
      const checked = checkConfigFile(file);
      if (checked.ok) {
        const c = checked.config;
        const policies = Object.keys(c.policies ?? {});
        const tenants = Object.keys(c.tenants ?? {});
        process.stdout.write(
          `${file}: valid` +
            ` (${policies.length} polic${policies.length === 1 ? 'y' : 'ies'} configured${policies.length ? `: ${policies.join(', ')}` : ''};` +
            ` ${tenants.length} tenant default${tenants.length === 1 ? '' : 's'})\n`,
        );
        return;
      }
      process.stderr.write(`${file}: invalid\n${checked.problems.map((p) => `  ${p}\n`).join('')}`);
      process.exitCode = 1;
    });
}
