// Semantic checks of guest decisions, beyond the schema. Each returns the
// reason a decision is unacceptable, or undefined. They are pure: facts that
// need state (is the address taken?) come in through the context.
import { posix } from 'node:path';
import { ifNameProblem, MAX_IFNAME_BYTES } from '../linux/names';
import { parsePool, parseSubPool, type Pool } from '../drivers/ipam/pool';
import { cidrsOverlap } from '../linux/addresses';
import { errorMessage } from '../errors';
import type { HookInput, HookName, HookOutput } from './hook-contract';
import type { PoolQueries } from './call-scope';

export interface CheckContext {
  /** The pool an address decision is about. */
  pool?: Pool;
  poolQueries?: PoolQueries;
}

type Check<H extends HookName> = (input: HookInput<H>, output: HookOutput<H>, ctx: CheckContext) => string | undefined;

// Ranges no container network may use: loopback, "this network", link-local,
// multicast and reserved space. The host's own routing would break.
const FORBIDDEN_POOLS = ['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/3', '::/127', 'fe80::/10', 'ff00::/8'];

function attempt(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return errorMessage(err);
  }
}

const selectPool: Check<'selectPool'> = (input, output) => {
  let pool: Pool;
  try {
    pool = parsePool(output.pool);
  } catch (err) {
    return errorMessage(err);
  }
  if ((pool.family === 6) !== input.v6) return `pool ${pool.cidr} is IPv${pool.family}, but Docker asked for an IPv${input.v6 ? 6 : 4} pool`;
  const forbidden = FORBIDDEN_POOLS.find((range) => cidrsOverlap(range, pool.cidr));
  if (forbidden) return `pool ${pool.cidr} overlaps reserved range ${forbidden}`;
  if (input.requestedPool !== '') {
    const requested = attempt(() => parsePool(input.requestedPool)) === undefined ? parsePool(input.requestedPool).cidr : input.requestedPool;
    if (pool.cidr !== requested) return `the user asked for pool ${requested}, but the policy chose ${pool.cidr}; a policy may refuse a requested pool but not replace it`;
  } else if (!input.defaultPools.some((range) => cidrsOverlap(range, pool.cidr) && parsePool(range).prefixLength <= pool.prefixLength)) {
    return `pool ${pool.cidr} is outside the default address pools (${input.defaultPools.join(', ') || 'none configured'})`;
  }
  const sub = output.subPool;
  if (sub !== undefined && sub !== '') {
    const problem = attempt(() => parseSubPool(pool, sub));
    if (problem) return problem;
    if (input.requestedSubPool !== '' && parseSubPool(pool, sub).cidr !== parseSubPool(pool, input.requestedSubPool).cidr) {
      return `the user asked for sub-pool ${input.requestedSubPool}, but the policy chose ${sub}`;
    }
  } else if (input.requestedSubPool !== '') {
    return `the user asked for sub-pool ${input.requestedSubPool}, but the policy dropped it`;
  }
  return undefined;
};

const assignAddress: Check<'assignAddress'> = (input, output, ctx) => {
  if (!ctx.pool || !ctx.poolQueries) return 'no pool to check the address against';
  const problem = attempt(() => ctx.pool!.usableIndexOf(output.address));
  if (problem) return problem;
  const canonical = ctx.pool.addressAt(ctx.pool.usableIndexOf(output.address));
  if (input.requestedAddress !== '' && canonical !== ctx.pool.addressAt(ctx.pool.usableIndexOf(input.requestedAddress))) {
    return `the user asked for address ${input.requestedAddress}, but the policy chose ${canonical}`;
  }
  // As in Docker, --ip-range bounds the addresses handed out automatically
  // to endpoints; a requested address or the gateway may lie anywhere in the pool.
  if (input.kind === 'endpoint' && input.requestedAddress === '' && input.subPool !== '') {
    const range = attempt(() => parseSubPool(ctx.pool!, input.subPool));
    if (range) return range;
    const sub = parseSubPool(ctx.pool, input.subPool);
    const index = ctx.pool.usableIndexOf(canonical);
    if (index < sub.first || index > sub.last) return `address ${canonical} is outside the sub-pool ${sub.cidr} (--ip-range) that endpoint addresses come from`;
  }
  if (!ctx.poolQueries.isFree(canonical)) return `address ${canonical} is already taken in pool ${ctx.pool.cidr}`;
  return undefined;
};

function nameProblem(role: string, name: string): string | undefined {
  const problem = ifNameProblem(name);
  return problem === undefined ? undefined : `${role} name ${JSON.stringify(name)} ${problem}`;
}

const bridgeName: Check<'bridgeName'> = (_input, output) => nameProblem('bridge', output.name);

const interfaceName: Check<'interfaceName'> = (_input, output) => {
  const problem = nameProblem('host interface', output.hostName) ?? nameProblem('container interface', output.containerName);
  if (problem) return problem;
  if (output.hostName === output.containerName) return `host and container interface names are both ${JSON.stringify(output.hostName)}`;
  // Docker appends an index to the prefix; "eth" + "123" must still fit IFNAMSIZ.
  if (!/^[a-z][a-z0-9]*$/.test(output.dstPrefix) || output.dstPrefix.length > MAX_IFNAME_BYTES - 3) {
    return `container interface prefix ${JSON.stringify(output.dstPrefix)} must be 1-${MAX_IFNAME_BYTES - 3} lowercase letters and digits, starting with a letter`;
  }
  return undefined;
};

const MAX_PATH_BYTES = 1024;

const volumePath: Check<'volumePath'> = (_input, output) => {
  const path = output.path;
  if (path.includes('\0')) return 'volume path contains a NUL byte';
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) return `volume path is longer than ${MAX_PATH_BYTES} bytes`;
  if (path === '' || path === '.') return 'volume path is empty; it must name a directory below the volume root';
  if (posix.isAbsolute(path)) return `volume path ${JSON.stringify(path)} is absolute; it must be relative to the volume root`;
  if (path.split('/').includes('..')) return `volume path ${JSON.stringify(path)} climbs out with ".."`;
  if (posix.normalize(path) !== path || path.endsWith('/')) return `volume path ${JSON.stringify(path)} is not normalised (expected ${JSON.stringify(posix.normalize(path).replace(/\/$/, ''))})`;
  if (path.split('/').some((part) => Buffer.byteLength(part) > 255)) return 'a volume path component is longer than 255 bytes';
  return undefined;
};

const admitVolume: Check<'admitVolume'> = (input, output) => {
  const unknown = (output.acceptOptions ?? []).filter((o) => !input.unknownOptions.includes(o));
  return unknown.length > 0 ? `acceptOptions names options that were not offered: ${unknown.join(', ')}` : undefined;
};

const none = () => undefined;

const CHECKS: { [H in HookName]: Check<H> } = {
  selectPool,
  assignAddress,
  bridgeName,
  interfaceName,
  admitNetwork: none,
  admitEndpoint: none,
  volumePath,
  admitVolume,
};

export function decisionProblem<H extends HookName>(hook: H, input: HookInput<H>, output: HookOutput<H>, ctx: CheckContext): string | undefined {
  return (CHECKS[hook] as Check<H>)(input, output, ctx);
}
