// The shipped example policies, compiled from guests/policies and run
// through the runtime: their answers pass the host's checks and do what
// their headers promise.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressIndex } from '../../../host/drivers/ipam/allocator-index';
import { parsePool } from '../../../host/drivers/ipam/pool';
import type { DecisionContext } from '../../../host/policy/runtime';
import { openRuntime, shipped, type TestRuntime } from './helpers';

let rt: TestRuntime;
before(async () => {
  rt = await openRuntime({ 'tenant-subpools': shipped('tenant-subpools'), 'hashed-names': shipped('hashed-names') });
});
after(() => rt.close());

/** FNV-1a 64 in BigInt, the reference the policy's 32-bit arithmetic must match. */
function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

describe('hashed-names', () => {
  const choice = () => rt.runtime.choose({ policy: 'hashed-names' });
  const NET = 'c0ffee'.padEnd(64, '1');

  test('the bridge name is "wd" and 13 hex digits of the network ID hash', async () => {
    const { name } = await rt.runtime.decide('bridgeName', choice(), { networkId: NET, options: {} });
    assert.equal(name, `wd${fnv1a64(NET).slice(0, 13)}`);
    assert.equal(Buffer.byteLength(name), 15);
  });

  test('names are deterministic, per tenant instance and across instances', async () => {
    const a = await rt.runtime.decide('bridgeName', rt.runtime.choose({ policy: 'hashed-names', tenant: 't1' }), { networkId: NET, options: {} });
    const b = await rt.runtime.decide('bridgeName', rt.runtime.choose({ policy: 'hashed-names', tenant: 't2' }), { networkId: NET, options: {} });
    assert.deepEqual(a, b);
    const other = await rt.runtime.decide('bridgeName', choice(), { networkId: 'c0ffee'.padEnd(64, '2'), options: {} });
    assert.notEqual(other.name, a.name);
  });

  test('veth names hash network and endpoint together and pass the host checks', async () => {
    const input = { networkId: NET, endpointId: 'e'.repeat(64), options: {} };
    const names = await rt.runtime.decide('interfaceName', choice(), input);
    const digits = fnv1a64(`${NET}/${'e'.repeat(64)}`).slice(0, 13);
    assert.deepEqual(names, { hostName: `wh${digits}`, containerName: `wc${digits}`, dstPrefix: 'eth' });
    const elsewhere = await rt.runtime.decide('interfaceName', choice(), { ...input, networkId: 'c0ffee'.padEnd(64, '3') });
    assert.notEqual(elsewhere.hostName, names.hostName);
  });

  test('hooks it leaves out fall back to the default policy', async () => {
    const path = await rt.runtime.decide('volumePath', choice(), { name: 'v1', options: {} });
    assert.deepEqual(path, { path: 'v1' });
    const log = rt.log.decisions().at(-1)!;
    assert.equal(log.policy, 'default');
  });
});

describe('tenant-subpools', () => {
  const POOL = parsePool('10.20.0.0/24');
  const index = new AddressIndex(POOL);
  const ctx: DecisionContext = { scope: { pool: index }, check: { pool: POOL, poolQueries: index } };
  const assign = async (tenant: string, kind: 'gateway' | 'endpoint' = 'endpoint', requestedAddress = '') => {
    const { address } = await rt.runtime.decide('assignAddress', rt.runtime.choose({ policy: 'tenant-subpools', tenant }), {
      poolId: 'p', pool: POOL.cidr, subPool: '', kind, requestedAddress, macAddress: '', options: {},
    }, ctx);
    index.take(address);
    return address;
  };
  // 254 usable addresses in 4 slices of 63 (the last one gets 65).
  const sliceOf = (tenant: string) => fnv1a32(tenant) % 4;
  const lastOctet = (address: string) => Number(address.split('.')[3]);

  test('the gateway is the lowest free address, as in Docker', async () => {
    assert.equal(await assign('', 'gateway'), '10.20.0.1');
  });

  test("each tenant's endpoints come from its own slice, lowest first", async () => {
    const tenants = ['blue', 'red', 'green', 'teal'].filter((t, i, all) => all.findIndex((u) => sliceOf(u) === sliceOf(t)) === i);
    assert.ok(tenants.length >= 2, 'the test needs tenants in two different slices');
    for (const tenant of tenants) {
      const first = 1 + sliceOf(tenant) * 63;
      const a = await assign(tenant);
      const b = await assign(tenant);
      const expectedA = first === 1 ? 2 : first; // .1 is the gateway
      assert.equal(lastOctet(a), expectedA, `${tenant} (slice ${sliceOf(tenant)}) got ${a}`);
      assert.equal(lastOctet(b), expectedA + 1);
    }
  });

  test('a requested address is honoured wherever it is', async () => {
    assert.equal(await assign('blue', 'endpoint', '10.20.0.250'), '10.20.0.250');
  });

  test("a tenant whose slice is full is refused, naming its range", async () => {
    const small = parsePool('10.30.0.0/29'); // 6 usable addresses, slices of 1
    const idx = new AddressIndex(small);
    const tenant = ['a', 'b', 'c', 'd', 'e'].find((t) => sliceOf(t) === 1)!;
    const ask = () => rt.runtime.decide('assignAddress', rt.runtime.choose({ policy: 'tenant-subpools', tenant }), {
      poolId: 'q', pool: small.cidr, subPool: '', kind: 'endpoint', requestedAddress: '', macAddress: '', options: {},
    }, { scope: { pool: idx }, check: { pool: small, poolQueries: idx } });
    const { address } = await ask();
    assert.equal(address, '10.30.0.2');
    idx.take(address);
    await assert.rejects(ask(), new RegExp(`policy "tenant-subpools" \\(assignAddress\\): Error: tenant "${tenant}" has used all of its addresses 10\\.30\\.0\\.2-10\\.30\\.0\\.2`));
  });

  test('automatic pools spread tenants over the default pools', async () => {
    const defaultPools = ['10.100.0.0/24', '10.101.0.0/24', '10.102.0.0/24'];
    const pick = (tenant: string) => rt.runtime.decide('selectPool', rt.runtime.choose({ policy: 'tenant-subpools', tenant }), {
      addressSpace: 'wasmnet-local', v6: false, requestedPool: '', requestedSubPool: '', options: {}, defaultPools,
    });
    for (const tenant of ['blue', 'red', 'green']) {
      assert.deepEqual(await pick(tenant), { pool: defaultPools[fnv1a32(tenant) % 3] });
    }
  });
});
