// Network isolation and NAT, in chains we own only:
//   filter <P>-FORWARD      jumped from FORWARD (inserted at the top)
//   filter <P>-ISOLATION    traffic leaving one of our bridges for another
//                           interface passes here first: it drops anything
//                           headed into one of our bridges or a foreign one
//                           (docker0, br-*), like Docker's ISOLATION-STAGE-2
//   nat    <P>-POSTROUTING  jumped from POSTROUTING
// Every per-network rule carries the comment "<P>:<bridge>", which is how
// they are listed, compared and removed. Each network's rules match its own
// interface, so their order across networks does not matter; within a
// network it does, and a network whose rules differ from the expected list
// (missing, reordered) has them replaced in one atomic iptables-restore.
//
// Per network B (both families for filter, the subnet's family for nat):
//   FORWARD:   -i B -o B ACCEPT                 intra-network; needed when
//                                               br_netfilter sends bridged
//                                               frames through FORWARD
//   non-internal:
//              -i B ! -o B -> ISOLATION
//              -i B ! -o B ACCEPT              outbound
//              -o B RELATED,ESTABLISHED ACCEPT replies
//   internal:  -i B ! -o B DROP                no way out at all
//              -o B DROP                       nothing else enters B
//   ISOLATION: -o B DROP                       no other network of ours
//                                               reaches B, whatever the order
//                                               of networks in FORWARD
//   nat:       -s SUBNET ! -o B MASQUERADE     non-internal only
//
// Residual: dockerd inserts its own jumps at the top of FORWARD when it
// starts; its rules accept traffic leaving docker0 for any other interface,
// so a new connection docker0 -> B can pass FORWARD, but B's reply is dropped
// by ISOLATION, so no connection is established.
import { conflict, invalid } from '../errors';
import { networkOf, parseCidr } from './addresses';
import { MAX_CHAIN_NAME, readTable, restoreTable, ruleChain, type IpFamily, type Table } from './iptables';
import { validateBridgeName } from './names';

export interface NetworkRules {
  bridge: string;
  /** Subnets of the network (`10.1.0.0/24`, `fd00:1::/64`); host bits are cleared. */
  subnets: readonly string[];
  /** Internal networks get no outbound forwarding and no masquerade. */
  internal: boolean;
}

export interface FirewallRule {
  family: IpFamily;
  table: Table;
  /** As printed by `iptables -S`: `-A CHAIN ...`. */
  rule: string;
}

export interface FirewallOptions {
  /** Prefix of our chain names and rule comments. Default `WASMDRIVER`. */
  prefix?: string;
  /** Bridges our networks must never forward into (iptables `+` wildcard allowed). */
  isolateFrom?: readonly string[];
}

const FAMILIES: readonly IpFamily[] = [4, 6];

export class Firewall {
  readonly prefix: string;
  readonly forwardChain: string;
  readonly isolationChain: string;
  readonly postroutingChain: string;
  readonly isolateFrom: readonly string[];

  // Every method reads tables then writes them; two interleaved calls could
  // both declare a missing chain (which flushes it) or insert a jump twice.
  #tail: Promise<unknown> = Promise.resolve();

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(fn, fn);
    this.#tail = next.catch(() => {});
    return next;
  }

  constructor(opts: FirewallOptions = {}) {
    this.prefix = opts.prefix ?? 'WASMDRIVER';
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(this.prefix) || this.prefix.length + '-POSTROUTING'.length > MAX_CHAIN_NAME) {
      throw invalid(`invalid firewall prefix ${JSON.stringify(this.prefix)}`);
    }
    this.forwardChain = `${this.prefix}-FORWARD`;
    this.isolationChain = `${this.prefix}-ISOLATION`;
    this.postroutingChain = `${this.prefix}-POSTROUTING`;
    this.isolateFrom = opts.isolateFrom ?? ['docker0', 'br-+'];
    for (const pattern of this.isolateFrom) {
      const base = pattern.endsWith('+') ? pattern.slice(0, -1) : pattern;
      validateBridgeName(base);
    }
  }

  #tag(bridge: string): string {
    return `-m comment --comment "${this.prefix}:${bridge}"`;
  }

  /** The exact rule lines network `net` should have, per family and table. */
  expectedRules(net: NetworkRules): FirewallRule[] {
    const b = validateBridgeName(net.bridge);
    const subnets = net.subnets.map((s) => networkOf(parseCidr(s, `subnet of bridge "${b}"`)));
    const tag = this.#tag(b);
    const F = this.forwardChain;
    const out: FirewallRule[] = [];
    for (const family of FAMILIES) {
      const filter = [`-A ${F} -i ${b} -o ${b} ${tag} -j ACCEPT`];
      if (net.internal) {
        filter.push(`-A ${F} -i ${b} ! -o ${b} ${tag} -j DROP`);
      } else {
        filter.push(
          `-A ${F} -i ${b} ! -o ${b} ${tag} -j ${this.isolationChain}`,
          `-A ${F} -i ${b} ! -o ${b} ${tag} -j ACCEPT`,
          `-A ${F} -o ${b} -m conntrack --ctstate RELATED,ESTABLISHED ${tag} -j ACCEPT`,
        );
      }
      filter.push(`-A ${F} -o ${b} ${tag} -j DROP`, `-A ${this.isolationChain} -o ${b} ${tag} -j DROP`);
      out.push(...filter.map((rule) => ({ family, table: 'filter' as const, rule })));
      if (!net.internal) {
        for (const s of subnets.filter((s) => s.family === family)) {
          out.push({ family, table: 'nat', rule: `-A ${this.postroutingChain} -s ${s.text} ! -o ${b} ${tag} -j MASQUERADE` });
        }
      }
    }
    return out;
  }

  /** Creates our chains, their jumps and the static isolation rules where missing. */
  ensureBase(): Promise<void> {
    return this.#serial(() => this.#ensureBase());
  }

  async #ensureBase(): Promise<void> {
    for (const family of FAMILIES) {
      await restoreTable(family, 'filter', this.#baseFilterLines(await readTable(family, 'filter')));
      await restoreTable(family, 'nat', this.#baseNatLines(await readTable(family, 'nat')));
    }
  }

  #baseFilterLines(dump: { chains: Set<string>; rules: string[] }): string[] {
    const lines: string[] = [];
    const statics = this.isolateFrom.map((p) => `-A ${this.isolationChain} -o ${p} -j DROP`);
    if (!dump.chains.has(this.isolationChain)) {
      lines.push(`:${this.isolationChain} - [0:0]`, ...statics);
    } else {
      // Untagged rules in ISOLATION are the static ones: converge them
      // without touching the per-network (tagged) rules beside them.
      const current = dump.rules.filter((r) => ruleChain(r) === this.isolationChain && !r.includes('--comment'));
      lines.push(...current.filter((r) => !statics.includes(r)).map((r) => '-D' + r.slice(2)));
      lines.push(...statics.filter((r) => !current.includes(r)));
    }
    if (!dump.chains.has(this.forwardChain)) lines.push(`:${this.forwardChain} - [0:0]`);
    if (!dump.rules.includes(`-A FORWARD -j ${this.forwardChain}`)) lines.push(`-I FORWARD 1 -j ${this.forwardChain}`);
    return lines;
  }

  #baseNatLines(dump: { chains: Set<string>; rules: string[] }): string[] {
    const lines: string[] = [];
    if (!dump.chains.has(this.postroutingChain)) lines.push(`:${this.postroutingChain} - [0:0]`);
    if (!dump.rules.includes(`-A POSTROUTING -j ${this.postroutingChain}`)) lines.push(`-A POSTROUTING -j ${this.postroutingChain}`);
    return lines;
  }

  #ownedBy(rule: string, bridge: string): boolean {
    return rule.includes(`--comment "${this.prefix}:${bridge}"`);
  }

  /**
   * Installs (or repairs) the rules of one network; a no-op when already
   * exact (4 reads, no write). Each table of each family changes atomically,
   * the four of them do not: on failure, undo with removeNetworkRules.
   */
  ensureNetworkRules(net: NetworkRules): Promise<void> {
    return this.#serial(() => this.#ensureNetworkRules(net));
  }

  async #ensureNetworkRules(net: NetworkRules): Promise<void> {
    const expected = this.expectedRules(net);
    for (const family of FAMILIES) {
      for (const table of ['filter', 'nat'] as const) {
        const dump = await readTable(family, table);
        const base = table === 'filter' ? this.#baseFilterLines(dump) : this.#baseNatLines(dump);
        const have = dump.rules.filter((r) => this.#ownedBy(r, net.bridge));
        const want = expected.filter((r) => r.family === family && r.table === table).map((r) => r.rule);
        const lines = [...base];
        if (!sameRulesPerChain(have, want)) {
          lines.push(...have.map((r) => '-D' + r.slice(2)), ...want);
        }
        await restoreTable(family, table, lines);
      }
    }
  }

  /** Removes every rule of one network. Missing rules are success. */
  removeNetworkRules(net: { bridge: string }): Promise<void> {
    return this.#serial(() => this.#removeNetworkRules(net));
  }

  async #removeNetworkRules(net: { bridge: string }): Promise<void> {
    const b = validateBridgeName(net.bridge);
    for (const family of FAMILIES) {
      for (const table of ['filter', 'nat'] as const) {
        const have = (await readTable(family, table)).rules.filter((r) => this.#ownedBy(r, b));
        await restoreTable(family, table, have.map((r) => '-D' + r.slice(2)));
      }
    }
  }

  /** The rules currently installed for `bridge` (all families and tables). */
  listNetworkRules(bridge: string): Promise<FirewallRule[]> {
    return this.#serial(() => this.#listNetworkRules(bridge));
  }

  async #listNetworkRules(bridge: string): Promise<FirewallRule[]> {
    const b = validateBridgeName(bridge);
    const out: FirewallRule[] = [];
    for (const family of FAMILIES) {
      for (const table of ['filter', 'nat'] as const) {
        for (const rule of (await readTable(family, table)).rules) {
          if (this.#ownedBy(rule, b)) out.push({ family, table, rule });
        }
      }
    }
    return out;
  }

  /** Bridges that currently have rules (for reconciliation). */
  listNetworkBridges(): Promise<string[]> {
    return this.#serial(() => this.#listNetworkBridges());
  }

  async #listNetworkBridges(): Promise<string[]> {
    const found = new Set<string>();
    const re = new RegExp(`--comment "${this.prefix}:([A-Za-z0-9_.-]+)"`);
    for (const family of FAMILIES) {
      for (const table of ['filter', 'nat'] as const) {
        for (const rule of (await readTable(family, table)).rules) {
          const m = re.exec(rule);
          if (m?.[1]) found.add(m[1]);
        }
      }
    }
    return [...found].sort();
  }

  /**
   * Removes our jumps and chains. Refuses while any network still has rules,
   * so it cannot open a hole under a live network.
   */
  removeBase(): Promise<void> {
    return this.#serial(() => this.#removeBase());
  }

  async #removeBase(): Promise<void> {
    const live = await this.#listNetworkBridges();
    if (live.length > 0) {
      throw conflict(`failed to remove firewall chains "${this.prefix}-*": networks still have rules (${live.join(', ')})`);
    }
    for (const family of FAMILIES) {
      const f = await readTable(family, 'filter');
      const fl: string[] = [];
      if (f.rules.includes(`-A FORWARD -j ${this.forwardChain}`)) fl.push(`-D FORWARD -j ${this.forwardChain}`);
      for (const c of [this.forwardChain, this.isolationChain]) if (f.chains.has(c)) fl.push(`-F ${c}`, `-X ${c}`);
      await restoreTable(family, 'filter', fl);
      const n = await readTable(family, 'nat');
      const nl: string[] = [];
      if (n.rules.includes(`-A POSTROUTING -j ${this.postroutingChain}`)) nl.push(`-D POSTROUTING -j ${this.postroutingChain}`);
      if (n.chains.has(this.postroutingChain)) nl.push(`-F ${this.postroutingChain}`, `-X ${this.postroutingChain}`);
      await restoreTable(family, 'nat', nl);
    }
  }
}

// Order matters within a chain only; `iptables -S` lists chain by chain.
function sameRulesPerChain(a: readonly string[], b: readonly string[]): boolean {
  const byChain = (rules: readonly string[]) => {
    const m = new Map<string, string[]>();
    for (const r of rules) m.set(ruleChain(r), [...(m.get(ruleChain(r)) ?? []), r]);
    return m;
  };
  const x = byChain(a);
  const y = byChain(b);
  if (x.size !== y.size) return false;
  for (const [chain, rules] of x) if ((y.get(chain) ?? []).join('\n') !== rules.join('\n')) return false;
  return true;
}

/** The daemon's firewall (chains `WASMDRIVER-*`). */
export const firewall = new Firewall();

export const ensureNetworkRules = (net: NetworkRules) => firewall.ensureNetworkRules(net);
export const removeNetworkRules = (net: { bridge: string }) => firewall.removeNetworkRules(net);
export const listNetworkRules = (bridge: string) => firewall.listNetworkRules(bridge);
