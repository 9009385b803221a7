// Placeholder until the policy toolchain lands (the toolchain engineer replaces this file).
import type { Command } from 'commander';

export function registerPolicyCommands(program: Command): void {
  program.command('policy').description('build and run policies (not yet available)');
}
