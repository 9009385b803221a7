// Hot reload and monitor mode: a replaced module serves new decisions
// without dropping those in flight; a module that fails to load leaves the
// old version serving and says why; a policy in monitor mode is asked and
// logged, but the default's answer is the one applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compiledSource, eventually, fixture, openRuntime, sha256, type TestRuntime } from './helpers';

const version = (tag: string) => `
import { hook } from 'wasmdriver/sdk';
export const bridgeName = hook('bridgeName', () => ({ name: 'br-${tag}' }));
`;

const bridge = (rt: TestRuntime, policy = 'named', tenant = '') =>
  rt.runtime.decide('bridgeName', rt.runtime.choose({ policy, tenant }), { networkId: 'f'.repeat(64), options: {} });

async function withRuntime(fn: (rt: TestRuntime, v1: Uint8Array, v2: Uint8Array) => Promise<void>, overrides = {}, initial?: Uint8Array) {
  const [v1, v2] = await Promise.all([compiledSource(version('v1')), compiledSource(version('v2'))]);
  const rt = await openRuntime({}, overrides);
  try {
    rt.dirs.install('named', initial ?? v1);
    await rt.runtime.reload('test setup');
    await fn(rt, v1, v2);
  } finally {
    await rt.close();
  }
}

const loadFailures = (rt: TestRuntime) => rt.log.lines.filter((l) => l.msg === 'policy failed to load');

test('runtime.reload() switches new decisions to a replaced module, without dropping one in flight', () =>
  withRuntime(async (rt, v1, v2) => {
    assert.deepEqual(await bridge(rt), { name: 'br-v1' });
    // Asked before the swap, answered after it: it must still get v1's answer.
    const inFlight = bridge(rt, 'named', 'other-tenant');
    rt.dirs.install('named', v2);
    await rt.runtime.reload('SIGHUP');
    assert.deepEqual(await inFlight, { name: 'br-v1' });
    assert.deepEqual(await bridge(rt), { name: 'br-v2' });
    assert.deepEqual(await bridge(rt, 'named', 'other-tenant'), { name: 'br-v2' });

    const loaded = rt.log.lines.filter((l) => l.msg === 'policy loaded' && l.policy === 'named');
    assert.deepEqual(loaded.map((l) => [l.sha256, l.reason]), [[sha256(v1), 'test setup'], [sha256(v2), 'SIGHUP']]);
    const status = rt.runtime.status().find((s) => s.name === 'named')!;
    assert.equal(status.sha256, sha256(v2));
  }));

test('the directory watcher reloads a replaced module by itself', () =>
  withRuntime(async (rt, _v1, v2) => {
    assert.deepEqual(await bridge(rt), { name: 'br-v1' });
    rt.dirs.install('named', v2);
    await eventually(async () => (await bridge(rt)).name === 'br-v2', 'the watcher to load v2');
  }, { watch: true }));

test('garbage bytes leave the old version serving, and the log says why', () =>
  withRuntime(async (rt, v1) => {
    rt.dirs.install('named', 'this is not a WebAssembly module');
    await rt.runtime.reload('SIGHUP');
    assert.deepEqual(await bridge(rt), { name: 'br-v1' });
    const failure = loadFailures(rt).at(-1);
    assert.ok(failure, 'no load failure was logged');
    assert.equal(failure.policy, 'named');
    assert.equal(failure.kept, sha256(v1));
    assert.match(failure.reason, /policy "named" \(.*named\.wasm\) is not a valid WebAssembly module/);
  }));

test('a module whose hash differs from its pin leaves the pinned version serving', async () => {
  const v1 = await compiledSource(version('v1'));
  await withRuntime(async (rt, _v1, v2) => {
    rt.dirs.install('named', v2);
    await rt.runtime.reload('SIGHUP');
    assert.deepEqual(await bridge(rt), { name: 'br-v1' });
    const failure = loadFailures(rt).at(-1)!;
    assert.equal(failure.kept, sha256(v1));
    assert.match(failure.reason, new RegExp(`has sha256 ${sha256(v2)}, but the configuration pins ${sha256(v1)}; refusing to load it`));
  }, { pins: { named: sha256(v1) } });
});

test('a module importing what the daemon does not provide is refused at load', () =>
  withRuntime(async (rt, v1) => {
    // (module (import "env2" "f" (func)))
    const foreign = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x02, 0x0a, 0x01, 0x04, 0x65, 0x6e, 0x76, 0x32, 0x01, 0x66, 0x00, 0x00]);
    rt.dirs.install('named', foreign);
    await rt.runtime.reload('SIGHUP');
    assert.deepEqual(await bridge(rt), { name: 'br-v1' });
    const failure = loadFailures(rt).at(-1)!;
    assert.equal(failure.kept, sha256(v1));
    assert.match(failure.reason, /imports env2 f, which the daemon does not provide/);
  }));

test('a policy that fails on first load is not offered at all', async () => {
  const rt = await openRuntime();
  try {
    rt.dirs.install('broken', new Uint8Array([1, 2, 3]));
    await rt.runtime.reload('SIGHUP');
    assert.throws(() => rt.runtime.choose({ policy: 'broken' }), /unknown policy "broken": no broken\.wasm was loaded \(known: default\)/);
    assert.equal(loadFailures(rt).at(-1)?.policy, 'broken');
  } finally {
    await rt.close();
  }
});

test('monitor mode logs the candidate and applies the default', async () => {
  const rt = await openRuntime({ candidate: fixture('hostile-outputs') }, { policies: { candidate: { mode: 'monitor' } } });
  try {
    const choice = rt.runtime.choose({ policy: 'candidate', tenant: 't1' });
    const networkId = 'f'.repeat(64);
    const applied = await rt.runtime.decide('bridgeName', choice, { networkId, options: { 'hostile.raw': '{"name":"cand-br"}' } });
    assert.deepEqual(applied, { name: `br-${'f'.repeat(12)}` });
    const line = rt.log.decisions().at(-1)!;
    assert.equal(line.policy, 'candidate');
    assert.equal(line.mode, 'monitor');
    assert.deepEqual(line.output, { name: 'cand-br' });
    assert.deepEqual(line.applied, { name: `br-${'f'.repeat(12)}` });

    // A candidate whose answer would be refused does not refuse the request in monitor mode.
    const despite = await rt.runtime.decide('bridgeName', choice, { networkId, options: { 'hostile.raw': '{"name":"../etc"}' } });
    assert.deepEqual(despite, { name: `br-${'f'.repeat(12)}` });
    const failed = rt.log.decisions().at(-1)!;
    assert.equal(failed.mode, 'monitor');
    assert.match(failed.error, /bridge name "\.\.\/etc"/);
    assert.deepEqual(failed.applied, { name: `br-${'f'.repeat(12)}` });
  } finally {
    await rt.close();
  }
});

test('an enforcing policy answers for itself', async () => {
  // Guards the monitor test: the same candidate, enforcing, is applied.
  const rt = await openRuntime({ candidate: fixture('hostile-outputs') });
  try {
    const applied = await rt.runtime.decide('bridgeName', rt.runtime.choose({ policy: 'candidate' }), { networkId: 'f'.repeat(64), options: { 'hostile.raw': '{"name":"cand-br"}' } });
    assert.deepEqual(applied, { name: 'cand-br' });
    assert.equal(rt.log.decisions().at(-1)!.mode, 'enforce');
  } finally {
    await rt.close();
  }
});

