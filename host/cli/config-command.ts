// `wasmdriver config check <file>`: validates a configuration file without
// starting anything. Exit 0 when valid, 1 with every problem listed.
// Beyond what the daemon checks on load, it lists the policies a tenant
// default may name (built-in, and NAME.wasm in the file's policyDir).
import type { Command } from 'commander';
import { checkConfigFile } from '../config/config-file';
import { builtinPolicyDir, defaultDaemonConfig } from '../daemon/services';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('work with the daemon configuration file');
  config
    .command('check')
    .description('validate a configuration file (YAML or JSON) without starting the daemon')
    .argument('<file>', 'configuration file')
    .action((file: string) => {
      // Tenant defaults are checked against the policies this host offers now: the built-in ones and the
      // file's policyDir (a --policy-dir or WASMDRIVER_POLICY_DIR given to serve is not known here).
      const checked = checkConfigFile(file, { catalog: { builtinDir: builtinPolicyDir(), defaultPolicyDir: defaultDaemonConfig().policyDir } });
      if (checked.ok) {
        const c = checked.config;
        const policies = Object.keys(c.policies ?? {});
        const tenants = Object.keys(c.tenants ?? {});
        process.stdout.write(
          `${file}: valid` +
            ` (${policies.length} polic${policies.length === 1 ? 'y' : 'ies'} configured${policies.length ? `: ${policies.join(', ')}` : ''};` +
            ` ${tenants.length} tenant default${tenants.length === 1 ? '' : 's'})\n`,
        );
        for (const note of checked.notes) process.stderr.write(`  note: ${note}\n`);
        return;
      }
      process.stderr.write(`${file}: invalid\n${checked.problems.map((p) => `  ${p}\n`).join('')}`);
      process.exitCode = 1;
    });
}
