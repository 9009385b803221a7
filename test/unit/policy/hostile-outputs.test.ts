// Every hook's answer is checked before anything acts on it: a compiled
// guest that answers with whatever the test asks for gets each kind of bad
// answer refused with an error naming the policy, the hook and the reason.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmdriverError } from '../../../host/errors';
import { parsePool } from '../../../host/drivers/ipam/pool';
import type { PoolQueries } from '../../../host/policy/call-scope';
import type { DecisionContext, DecisionInput } from '../../../host/policy/runtime';
import type { HookName } from '../../../host/policy/hook-contract';
import { fixture, openRuntime, type TestRuntime } from './helpers';

let rt: TestRuntime;
before(async () => {
  rt = await openRuntime({ hostile: fixture('hostile-outputs') });
});
after(() => rt.close());

const POOL = parsePool('10.1.0.0/24');
const TAKEN = new Set(['10.1.0.1', '10.1.0.2']);
const queries: PoolQueries = {
  isFree: (a) => POOL.indexOf(a) !== undefined && !TAKEN.has(a),
  nextFree: () => '10.1.0.3',
  takenCount: () => TAKEN.size,
};
const poolCtx: DecisionContext = { scope: { pool: queries }, check: { pool: POOL, poolQueries: queries } };

type Options = Record<string, string>;
const INPUTS: { [H in HookName]: (options: Options) => DecisionInput<H> } = {
  selectPool: (options) => ({ addressSpace: 'wasmnet-local', v6: false, requestedPool: '', requestedSubPool: '', options, defaultPools: ['10.0.0.0/8'] }),
  assignAddress: (options) => ({ poolId: 'p1', pool: POOL.cidr, subPool: '', kind: 'endpoint', requestedAddress: '', macAddress: '', options }),
  bridgeName: (options) => ({ networkId: 'n'.repeat(64), options }),
  interfaceName: (options) => ({ networkId: 'n'.repeat(64), endpointId: 'e'.repeat(64), options }),
  admitNetwork: (options) => ({ networkId: 'n'.repeat(64), options, internal: false, ipv4Pools: [], ipv6Pools: [] }),
  admitEndpoint: (options) => ({ networkId: 'n'.repeat(64), endpointId: 'e'.repeat(64), address: '', addressIPv6: '', macAddress: '', options }),
  volumePath: (options) => ({ name: 'v1', options }),
  admitVolume: (options) => ({ name: 'v1', options, sizeBytes: 0, unknownOptions: ['offered'] }),
};

function decide<H extends HookName>(hook: H, options: Options, ctx: DecisionContext = {}, input?: Partial<DecisionInput<H>>) {
  return rt.runtime.decide(hook, rt.runtime.choose({ policy: 'hostile' }), { ...INPUTS[hook](options), ...input }, ctx);
}

async function refused<H extends HookName>(hook: H, raw: unknown, reason: RegExp, ctx: DecisionContext = {}, input?: Partial<DecisionInput<H>>) {
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  await assert.rejects(decide(hook, { 'hostile.raw': text }, ctx, input), (err: unknown) => {
    assert.ok(err instanceof WasmdriverError, `expected a WasmdriverError, got ${String(err)}`);
    assert.equal(err.kind, 'policy');
    assert.ok(err.message.startsWith(`policy "hostile" (${hook}): `), err.message);
    assert.match(err.message, reason);
    return true;
  });
}

describe('a well-formed answer passes', () => {
  // Guards the cases below: the same guest and inputs are accepted when the answer is good.
  test('each hook accepts a valid answer from the same guest', async () => {
    assert.deepEqual(await decide('assignAddress', { 'hostile.raw': '{"address":"10.1.0.9"}' }, poolCtx), { address: '10.1.0.9' });
    assert.deepEqual(await decide('bridgeName', { 'hostile.raw': '{"name":"br-ok"}' }), { name: 'br-ok' });
    assert.deepEqual(await decide('volumePath', { 'hostile.raw': '{"path":"tenant/v1"}' }), { path: 'tenant/v1' });
    assert.deepEqual(await decide('selectPool', { 'hostile.raw': '{"pool":"10.9.0.0/24"}' }), { pool: '10.9.0.0/24' });
  });
});

describe('assignAddress', () => {
  test('an address outside the pool', () => refused('assignAddress', { address: '10.2.0.5' }, /10\.2\.0\.5.*(outside|not in)|not inside/i, poolCtx));
  test('an address already taken', () => refused('assignAddress', { address: '10.1.0.2' }, /10\.1\.0\.2 is already taken in pool 10\.1\.0\.0\/24/, poolCtx));
  test('the broadcast address', () => refused('assignAddress', { address: '10.1.0.255' }, /broadcast/i, poolCtx));
  test('the network address', () => refused('assignAddress', { address: '10.1.0.0' }, /network/i, poolCtx));
  test('a malformed address', () => refused('assignAddress', { address: '10.1.0' }, /10\.1\.0/, poolCtx));
  test('an address with a prefix', () => refused('assignAddress', { address: '10.1.0.7/24' }, /10\.1\.0\.7\/24/, poolCtx));
  test('another address than the one the user asked for', () =>
    refused('assignAddress', { address: '10.1.0.8' }, /asked for address 10\.1\.0\.7, but the policy chose 10\.1\.0\.8/, poolCtx, { requestedAddress: '10.1.0.7' }));
  test('an endpoint address outside --ip-range', () =>
    refused('assignAddress', { address: '10.1.0.9' }, /outside the sub-pool 10\.1\.0\.128\/25/, poolCtx, { subPool: '10.1.0.128/25' }));
  test('a number instead of a string', () => refused('assignAddress', { address: 167837705 }, /output\.address: Expected string/, poolCtx));
});

describe('selectPool', () => {
  test('a malformed pool', () => refused('selectPool', { pool: '300.1.0.0/16' }, /300\.1\.0\.0\/16/));
  test('a reserved range', () => refused('selectPool', { pool: '127.0.0.0/16' }, /overlaps reserved range 127\.0\.0\.0\/8/));
  test('a pool outside the default pools', () => refused('selectPool', { pool: '192.168.7.0/24' }, /outside the default address pools/));
  test('an IPv6 pool for an IPv4 request', () => refused('selectPool', { pool: 'fd00::/64' }, /IPv6, but Docker asked for an IPv4 pool/));
  test('another pool than the one requested', () =>
    refused('selectPool', { pool: '10.9.0.0/24' }, /asked for pool 10\.8\.0\.0\/24, but the policy chose 10\.9\.0\.0\/24/, {}, { requestedPool: '10.8.0.0/24' }));
});

describe('bridgeName and interfaceName', () => {
  test('a bridge name longer than 15 bytes', () => refused('bridgeName', { name: 'br-0123456789abc' }, /bridge name "br-0123456789abc" is longer than 15 bytes/));
  test('a bridge name with "/"', () => refused('bridgeName', { name: 'br/../eth0' }, /bridge name "br\/..\/eth0" may only contain/));
  test('an empty bridge name', () => refused('bridgeName', { name: '' }, /bridge name "" is empty/));
  test('a bridge name that is not a string', () => refused('bridgeName', { name: null }, /output\.name: Expected string/));
  test('a host interface name with "/"', () =>
    refused('interfaceName', { hostName: 'veth/1', containerName: 'veth2', dstPrefix: 'eth' }, /host interface name "veth\/1" may only contain/));
  test('a container interface name too long', () =>
    refused('interfaceName', { hostName: 'veth1', containerName: 'c'.repeat(16), dstPrefix: 'eth' }, /container interface name "c{16}" is longer than 15 bytes/));
  test('a prefix too long for an index', () =>
    refused('interfaceName', { hostName: 'veth1', containerName: 'veth2', dstPrefix: 'e'.repeat(13) }, /container interface prefix "e{13}" must be 1-12/));
  test('a missing field', () => refused('interfaceName', { hostName: 'veth1', containerName: 'veth2' }, /dstPrefix/));
});

describe('volumePath', () => {
  test('a path climbing out with ".."', () => refused('volumePath', { path: '../../etc' }, /volume path "..\/..\/etc" climbs out with ".."/));
  test('".." in the middle', () => refused('volumePath', { path: 'a/../../etc' }, /climbs out with "\.\."/));
  test('an absolute path', () => refused('volumePath', { path: '/etc' }, /volume path "\/etc" is absolute/));
  test('a NUL byte', () => refused('volumePath', { path: 'a\u0000b' }, /volume path contains a NUL byte/));
  test('an unnormalised path', () => refused('volumePath', { path: 'a//b' }, /is not normalised/));
  test('an array instead of an object', () => refused('volumePath', ['etc'], /output: Expected object/));
});

describe('admission hooks', () => {
  test('"allow" as a string', () => refused('admitNetwork', { allow: 'yes' }, /output\.allow: Expected boolean/));
  test('no "allow" at all', () => refused('admitEndpoint', {}, /allow/));
  test('a reason too long for an error message', () => refused('admitVolume', { allow: false, reason: 'r'.repeat(5000) }, /output\.reason/));
  test('accepting options that were not offered', () => refused('admitVolume', { allow: true, acceptOptions: ['offered', 'sneaky'] }, /acceptOptions names options that were not offered: sneaky/));
});

describe('output that is not an answer', () => {
  test('not JSON', () => refused('bridgeName', 'br-0 and more', /output is not JSON: "br-0 and more"/));
  test('nothing at all', () => refused('bridgeName', '', /output is not JSON/));
  test('a bare string', () => refused('bridgeName', '"br0"', /output: Expected object/));

  test('a 10 MB output is stopped by a limit, not parsed', async () => {
    await assert.rejects(decide('bridgeName', { 'hostile.bytes': String(10 * 1024 * 1024) }), (err: unknown) => {
      assert.ok(err instanceof WasmdriverError && err.kind === 'policy');
      assert.match(err.message, /^policy "hostile" \(bridgeName\): (limit exceeded: heap|output of \d+ bytes exceeds the limit)/);
      return true;
    });
  });

  test('an output over the output limit but inside the heap is refused by size', async () => {
    await assert.rejects(decide('bridgeName', { 'hostile.bytes': String(100 * 1024) }), /policy "hostile" \(bridgeName\): output of 102400 bytes exceeds the limit of 65536 bytes/);
  });
});

test('every refusal is logged with the policy, hook and reason', () => {
  const failed = rt.log.decisions().filter((d) => d.error !== undefined);
  assert.ok(failed.length >= 30, `expected the refusals above in the decision log, found ${failed.length}`);
  for (const d of failed) {
    assert.equal(d.policy, 'hostile');
    assert.equal(typeof d.hook, 'string');
    assert.equal(d.applied, undefined, 'a refused decision is never applied');
  }
});
