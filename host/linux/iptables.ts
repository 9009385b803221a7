// Low-level iptables access: read a table in `-S` form, apply a batch of
// changes atomically with `iptables-restore --noflush` (one spawn, one
// kernel transaction: either every line applies or none does).
import { osFailure, run } from './exec';

export type IpFamily = 4 | 6;
export type Table = 'filter' | 'nat';

const tool = (family: IpFamily) => (family === 4 ? 'iptables' : 'ip6tables');

/** Longest chain name iptables accepts (XT_EXTENSION_MAXNAMELEN - 1). */
export const MAX_CHAIN_NAME = 28;

export interface TableDump {
  /** User-defined chains (`-N` lines). */
  chains: Set<string>;
  /** Rules (`-A` lines) exactly as iptables prints them, in order. */
  rules: string[];
}

export async function readTable(family: IpFamily, table: Table): Promise<TableDump> {
  let stdout: string;
  try {
    ({ stdout } = await run([tool(family), '-w', '5', '-t', table, '-S']));
  } catch (err) {
    throw osFailure(`read ${tool(family)} table ${table}`, err);
  }
  const chains = new Set<string>();
  const rules: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('-N ')) chains.add(line.slice(3).trim());
    else if (line.startsWith('-A ')) rules.push(line.trim());
  }
  return { chains, rules };
}

/** The chain a `-A CHAIN ...` line belongs to. */
export const ruleChain = (rule: string): string => rule.split(' ')[1] ?? '';

// Lines are built from validated names, CIDRs and fixed words only; this is
// the last guard against a newline smuggling a second command (or COMMIT).
const SAFE_LINE = /^[A-Za-z0-9_.:/+,"!\[\] -]+$/;

/**
 * Applies `lines` (`-A`, `-I`, `-D`, `-F`, `-X`, `:CHAIN - [0:0]`) to one table
 * atomically. Note: with --noflush, declaring an existing chain flushes it.
 */
export async function restoreTable(family: IpFamily, table: Table, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  for (const l of lines) {
    if (!SAFE_LINE.test(l)) throw new TypeError(`restoreTable: unsafe line ${JSON.stringify(l)}`);
  }
  const input = `*${table}\n${lines.join('\n')}\nCOMMIT\n`;
  try {
    await run([`${tool(family)}-restore`, '-w', '--noflush'], { input });
  } catch (err) {
    throw osFailure(`update ${tool(family)} table ${table} (${lines.length} changes)`, err);
  }
}
