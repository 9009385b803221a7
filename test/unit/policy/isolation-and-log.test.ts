// Tenants on the same policy run in separate instances, host functions
// answer only about the call in progress, and every decision leaves one
// JSON log line saying who decided what.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddressIndex } from '../../../host/drivers/ipam/allocator-index';
import { parsePool } from '../../../host/drivers/ipam/pool';
import type { DecisionContext } from '../../../host/policy/runtime';
import { fixture, openRuntime, sha256, shipped, type TestRuntime } from './helpers';

describe('tenant isolation', () => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openRuntime({ state: fixture('tenant-state') });
  });
  after(() => rt.close());

  const remember = (tenant: string, value?: string) =>
    rt.runtime.decide('volumePath', rt.runtime.choose({ policy: 'state', tenant }), { name: 'v', options: value === undefined ? {} : { remember: value } });

  test("a Var or global set by one tenant's call is not visible to another tenant", async () => {
    assert.deepEqual(await remember('alice', 'secret-a'), { path: 'var-secret-a/global-secret-a' });
    assert.deepEqual(await remember('bob'), { path: 'var-none/global-none' });
    // ...while alice's own instance keeps it between calls.
    assert.deepEqual(await remember('alice'), { path: 'var-secret-a/global-secret-a' });
    assert.deepEqual(await remember('bob', 'secret-b'), { path: 'var-secret-b/global-secret-b' });
    assert.deepEqual(await remember('alice'), { path: 'var-secret-a/global-secret-a' });
    assert.deepEqual(await remember(''), { path: 'var-none/global-none' });
  });

  test('host functions answer about the pool of the call in progress, even when calls interleave', async () => {
    const pool = parsePool('10.1.0.0/24');
    const alicePool = new AddressIndex(pool);
    const bobPool = new AddressIndex(pool);
    alicePool.take('10.1.0.5');
    alicePool.take('10.1.0.6');
    const ctx = (index: AddressIndex): DecisionContext => ({ scope: { pool: index }, check: { pool, poolQueries: index } });
    const probe = (tenant: string, index: AddressIndex) =>
      rt.runtime
        .decide('assignAddress', rt.runtime.choose({ policy: 'state', tenant }), {
          poolId: tenant, pool: pool.cidr, subPool: '', kind: 'endpoint', requestedAddress: '', macAddress: '', options: { probe: '10.1.0.5' },
        }, ctx(index))
        .then(() => 'answered', (err: Error) => err.message);
    const rounds = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? probe('alice', alicePool) : probe('bob', bobPool))));
    rounds.forEach((message, i) => {
      if (i % 2 === 0) assert.match(message, /probe 10\.1\.0\.5 is taken; taken 2$/);
      else assert.match(message, /probe 10\.1\.0\.5 is free; taken 0$/);
    });
  });

  test('a hook without a pool gets no answer about any pool, even while another call has one', async () => {
    const pool = parsePool('10.2.0.0/24');
    const index = new AddressIndex(pool);
    index.take('10.2.0.1');
    const withPool = rt.runtime.decide('assignAddress', rt.runtime.choose({ policy: 'state', tenant: 'alice' }), {
      poolId: 'p', pool: pool.cidr, subPool: '', kind: 'endpoint', requestedAddress: '10.2.0.9', macAddress: '', options: {},
    }, { scope: { pool: index }, check: { pool, poolQueries: index } });
    const without = rt.runtime.decide('bridgeName', rt.runtime.choose({ policy: 'state', tenant: 'alice' }), { networkId: 'n', options: {} });
    const [a, b] = await Promise.allSettled([withPool, without]);
    assert.deepEqual(a, { status: 'fulfilled', value: { address: '10.2.0.9' } });
    assert.equal(b.status, 'rejected');
    assert.match(String((b as PromiseRejectedResult).reason), /policy "state" \(bridgeName\): Error: takenAddressCount\(\): not available in this hook/);
  });
});

describe('decision log', () => {
  const policyBytes = (rt: TestRuntime, name: string) => readFileSync(join(rt.dirs.policyDir, `${name}.wasm`));

  for (const recordInputs of [false, true]) {
    test(`one JSON line per decision${recordInputs ? ', with the full input when recording' : ''}`, async () => {
      const rt = await openRuntime({ names: shipped('hashed-names') }, { recordInputs });
      try {
        const choice = rt.runtime.choose({ policy: 'names', tenant: 'acme' });
        const before = rt.log.decisions().length;
        const output = await rt.runtime.decide('bridgeName', choice, { networkId: 'n'.repeat(64), options: { a: 'b' } });
        await rt.runtime.decide('volumePath', choice, { name: 'vol', options: {} }); // falls back to the default
        const lines = rt.log.lines.filter((l) => l.decision);
        assert.equal(lines.length - before, 2);
        const [first, second] = lines.slice(before).map((l) => l.decision);

        const fullInput = { networkId: 'n'.repeat(64), options: { a: 'b' }, tenant: 'acme', policy: 'names' };
        assert.equal(first.policy, 'names');
        assert.equal(first.sha256, sha256(policyBytes(rt, 'names')));
        assert.equal(first.tenant, 'acme');
        assert.equal(first.hook, 'bridgeName');
        assert.equal(first.mode, 'enforce');
        assert.equal(first.inputDigest, `sha256:${createHash('sha256').update(JSON.stringify(fullInput)).digest('hex')}`);
        assert.deepEqual(first.output, output);
        assert.deepEqual(first.applied, output);
        assert.equal(typeof first.durationUs, 'number');
        assert.ok(first.durationUs > 0);
        if (recordInputs) assert.deepEqual(first.input, fullInput);
        else assert.equal('input' in first, false, 'the input was logged with recording off');

        assert.equal(second.policy, 'default');
        assert.equal(second.hook, 'volumePath');
        assert.equal(second.tenant, 'acme');
        assert.deepEqual(second.output, { path: 'vol' });

        const raw = lines.at(-1)!;
        assert.equal(raw.msg, 'policy decision');
        assert.equal(raw.level, 30);
        assert.equal(raw.component, 'decisions');
      } finally {
        await rt.close();
      }
    });
  }

  test('a refused decision is logged as a warning with its reason and nothing applied', async () => {
    const rt = await openRuntime({ escape: fixture('hostile-volume-path') });
    try {
      await assert.rejects(rt.runtime.decide('volumePath', rt.runtime.choose({ policy: 'escape' }), { name: 'v', options: {} }), /climbs out/);
      const line = rt.log.lines.filter((l) => l.decision).at(-1)!;
      assert.equal(line.level, 40);
      assert.equal(line.msg, 'policy decision failed');
      assert.deepEqual(line.decision.output, { path: '../../etc' });
      assert.match(line.decision.error, /volume path "..\/..\/etc" climbs out with ".."/);
      assert.equal('applied' in line.decision, false);
    } finally {
      await rt.close();
    }
  });
});
