// The runtime keeps one spare instance per loaded policy version, built off
// the decision path, so a new tenant's first decision does not pay for
// creating one. A spare must be as fresh as a new instance, named for the
// tenant it goes to, gone when its version is, and closed with the runtime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SpareEvent } from '../../../host/policy/observer';
import { compiledSource, eventually, fixture, openRuntime, sha256, type TestRuntime } from './helpers';

/** A runtime over the default and the tenant-state fixture (a Var and a global), recording spare events. */
async function openWithSpares(policies: Record<string, string> = { state: fixture('tenant-state') }, overrides = {}) {
  const events: SpareEvent[] = [];
  const rt = await openRuntime(policies, { observer: { spare: (e: SpareEvent) => events.push(e) }, ...overrides });
  const count = (policy: string, change: SpareEvent['change']) => events.filter((e) => e.policy === policy && e.change === change).length;
  return { rt, events, count };
}

const remember = (rt: TestRuntime, tenant: string, value?: string) =>
  rt.runtime.decide('volumePath', rt.runtime.choose({ policy: 'state', tenant }), { name: 'v', options: value === undefined ? {} : { remember: value } });

test('a new tenant is handed the spare, which has never run a call: its Var and globals are fresh', async () => {
  const { rt, events, count } = await openWithSpares();
  try {
    await eventually(() => count('state', 'ready') === 1 && count('default', 'ready') === 1, 'a spare for each loaded policy');
    assert.deepEqual(await remember(rt, 'alice', 'secret-a'), { path: 'var-secret-a/global-secret-a' });
    const stateSha = events.find((e) => e.policy === 'state')!.sha256;
    assert.deepEqual(events.find((e) => e.change === 'taken'), { policy: 'state', sha256: stateSha, change: 'taken', tenant: 'alice' });

    // The next spare is built after alice took hers; bob's must not see alice's state.
    await eventually(() => count('state', 'ready') === 2, 'the spare to be rebuilt');
    assert.deepEqual(await remember(rt, 'bob'), { path: 'var-none/global-none' });
    assert.equal(events.filter((e) => e.change === 'taken').at(-1)?.tenant, 'bob');
    // Both keep their own instance afterwards.
    assert.deepEqual(await remember(rt, 'alice'), { path: 'var-secret-a/global-secret-a' });
    assert.deepEqual(await remember(rt, 'bob', 'secret-b'), { path: 'var-secret-b/global-secret-b' });
    assert.deepEqual(await remember(rt, 'alice'), { path: 'var-secret-a/global-secret-a' });
  } finally {
    await rt.close();
  }
});

test("a spare's guest log lines name the tenant it was handed to", async () => {
  const logs = await compiledSource(`
import { hook } from 'wasmdriver/sdk';
export const bridgeName = hook('bridgeName', (input) => {
  console.log('deciding for ' + input.tenant);
  return { name: 'br-logs' };
});
`);
  const { rt, count } = await openWithSpares({});
  try {
    rt.dirs.install('logs', logs);
    await rt.runtime.reload('test setup');
    await eventually(() => count('logs', 'ready') === 1, 'the spare of the new policy');
    await rt.runtime.decide('bridgeName', rt.runtime.choose({ policy: 'logs', tenant: 'acme' }), { networkId: 'f'.repeat(64), options: {} });
    assert.equal(count('logs', 'taken'), 1);
    const line = rt.log.lines.find((l) => l.msg === 'guest log' && l.guestLog === 'deciding for acme');
    assert.ok(line, 'the guest log line was not written');
    assert.equal(line.guest, 'logs/acme');
  } finally {
    await rt.close();
  }
});

test('new tenants asked for together, or one right after another while the spare is rebuilt, each get a fresh instance', async () => {
  const { rt, count } = await openWithSpares();
  try {
    await eventually(() => count('state', 'ready') === 1, 'the first spare');
    // Together: the first takes the spare, the others find none and create their own.
    const tenants = ['t0', 't1', 't2', 't3', 't4'];
    const answers = await Promise.all(tenants.map((t) => remember(rt, t, `v-${t}`)));
    assert.deepEqual(answers, tenants.map((t) => ({ path: `var-v-${t}/global-v-${t}` })));
    assert.equal(count('state', 'taken'), 1);

    // One after another, without giving the event loop a turn: the rebuild is still pending.
    assert.deepEqual(await remember(rt, 'u0', 'x'), { path: 'var-x/global-x' });
    assert.deepEqual(await remember(rt, 'u1'), { path: 'var-none/global-none' });
    assert.deepEqual(await remember(rt, 'u2'), { path: 'var-none/global-none' });
    for (const t of tenants) assert.deepEqual(await remember(rt, t), { path: `var-v-${t}/global-v-${t}` });

    // Never more than one spare per policy version, however many tenants came.
    await eventually(() => count('state', 'ready') === count('state', 'taken') + 1, 'the spare to be rebuilt');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(count('state', 'ready'), count('state', 'taken') + 1);
  } finally {
    await rt.close();
  }
});

test("a reload discards the old version's spare and builds one of the new version", async () => {
  const version = (tag: string) => `
import { hook } from 'wasmdriver/sdk';
export const bridgeName = hook('bridgeName', () => ({ name: 'br-${tag}' }));
`;
  const [v1, v2] = await Promise.all([compiledSource(version('v1')), compiledSource(version('v2'))]);
  const { rt, events } = await openWithSpares({});
  const of = (sha: string, change: SpareEvent['change']) => events.filter((e) => e.policy === 'named' && e.sha256 === sha && e.change === change).length;
  try {
    rt.dirs.install('named', v1);
    await rt.runtime.reload('test setup');
    await eventually(() => of(sha256(v1), 'ready') === 1, 'the spare of v1');

    rt.dirs.install('named', v2);
    await rt.runtime.reload('SIGHUP');
    await eventually(() => of(sha256(v1), 'discarded') === 1 && of(sha256(v2), 'ready') === 1, "v1's spare discarded and v2's built");
    const tenant = rt.runtime.choose({ policy: 'named', tenant: 'new-tenant' });
    assert.deepEqual(await rt.runtime.decide('bridgeName', tenant, { networkId: 'f'.repeat(64), options: {} }), { name: 'br-v2' });
    assert.equal(of(sha256(v1), 'taken'), 0);
    assert.equal(of(sha256(v2), 'taken'), 1);

    // A reload that changes nothing keeps the spares it has.
    const before = events.length;
    await rt.runtime.reload('SIGHUP');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(events.slice(before).filter((e) => e.change === 'discarded').length, 0);
  } finally {
    await rt.close();
  }
});

test('close() closes every spare, and none is built afterwards', async () => {
  const { rt, events, count } = await openWithSpares();
  await eventually(() => count('state', 'ready') === 1 && count('default', 'ready') === 1, 'a spare for each loaded policy');
  await remember(rt, 'alice', 'a'); // takes the spare and schedules the next one
  await rt.close();
  await new Promise((r) => setTimeout(r, 50));
  const ready = events.filter((e) => e.change === 'ready').length;
  const gone = events.filter((e) => e.change === 'taken' || e.change === 'discarded').length;
  assert.equal(gone, ready, `spares left open: ${JSON.stringify(events)}`);
  assert.equal(count('default', 'discarded'), 1);
});

test('close() right after open, while the first spares are scheduled, leaves none behind', async () => {
  const { rt, events } = await openWithSpares();
  await rt.close();
  await new Promise((r) => setTimeout(r, 50));
  const ready = events.filter((e) => e.change === 'ready').length;
  assert.equal(events.filter((e) => e.change === 'discarded').length, ready);
});

test('a policy isolated in worker threads gets no spare, and its tenants still decide', async () => {
  const { rt, count } = await openWithSpares({ state: fixture('tenant-state') }, { policies: { state: { isolate: true } } });
  try {
    await eventually(() => count('default', 'ready') === 1, "the default policy's spare");
    assert.deepEqual(await remember(rt, 'alice', 'a'), { path: 'var-a/global-a' });
    assert.deepEqual(await remember(rt, 'bob'), { path: 'var-none/global-none' });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(count('state', 'ready') + count('state', 'taken'), 0);
  } finally {
    await rt.close();
  }
});

test('a spare is not built while a decision is running, but once none is', async () => {
  // The isolated policy's first decision starts a worker thread (tens of
  // ms), turning the event loop while it runs: the default's first spare
  // comes due then.
  const { rt, count } = await openWithSpares({ state: fixture('tenant-state') }, { policies: { state: { isolate: true } } });
  try {
    assert.deepEqual(await remember(rt, 'alice', 'a'), { path: 'var-a/global-a' });
    assert.equal(count('default', 'ready'), 0, 'a spare was built during the decision');
    await eventually(() => count('default', 'ready') === 1, "the default policy's spare, after the decision");
  } finally {
    await rt.close();
  }
});
