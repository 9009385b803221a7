// Metrics as Prometheus scrapes them: decisions, budget hits, reloads,
// per-endpoint latency, errors by class, and pool fill read at scrape time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { DaemonMetrics, type PoolFill } from '../../../host/metrics/daemon-metrics';
import { instrumentPluginApp } from '../../../host/metrics/request-metrics';
import { conflict } from '../../../host/errors';

function line(text: string, prefix: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(prefix));
}

test('policy decisions feed the latency histogram, failures and budget hits', async () => {
  const metrics = new DaemonMetrics(() => [], { processMetrics: false });
  const observer = metrics.policyObserver;
  observer.decision!({ policy: 'p', hook: 'assignAddress', tenant: '', mode: 'enforce', durationUs: 300 });
  observer.decision!({ policy: 'p', hook: 'assignAddress', tenant: '', mode: 'enforce', durationUs: 120_000, failure: 'budget' });
  observer.decision!({ policy: 'p', hook: 'selectPool', tenant: '', mode: 'monitor', durationUs: 50, failure: 'invalid-output' });
  observer.reload!({ reason: 'SIGHUP', ok: true, problems: 0 });
  observer.reload!({ reason: 'SIGHUP', ok: false, problems: 1 });
  const text = await metrics.render();
  assert.equal(line(text, 'wasmdriver_policy_decision_seconds_count{hook="assignAddress",policy="p",mode="enforce",result="ok"}'), 'wasmdriver_policy_decision_seconds_count{hook="assignAddress",policy="p",mode="enforce",result="ok"} 1');
  // 300 µs falls in the 0.0005 s bucket but not the 0.00025 s one.
  assert.match(line(text, 'wasmdriver_policy_decision_seconds_bucket{le="0.00025",hook="assignAddress",policy="p",mode="enforce",result="ok"}') ?? '', / 0$/);
  assert.match(line(text, 'wasmdriver_policy_decision_seconds_bucket{le="0.0005",hook="assignAddress",policy="p",mode="enforce",result="ok"}') ?? '', / 1$/);
  assert.equal(line(text, 'wasmdriver_policy_budget_exceeded_total{'), 'wasmdriver_policy_budget_exceeded_total{hook="assignAddress",policy="p"} 1');
  assert.ok(text.includes('wasmdriver_policy_failures_total{hook="selectPool",policy="p",failure="invalid-output"} 1'));
  assert.ok(text.includes('wasmdriver_policy_reloads_total{reason="SIGHUP",result="ok"} 1'));
  assert.ok(text.includes('wasmdriver_policy_reloads_total{reason="SIGHUP",result="problems"} 1'));
});

test('pool fill is read from its source at every scrape', async () => {
  let pools: PoolFill[] = [{ poolId: 'p1', cidr: '10.0.0.0/24', taken: 2, capacity: 254 }];
  const metrics = new DaemonMetrics(() => pools, { processMetrics: false });
  let text = await metrics.render();
  assert.ok(text.includes('wasmdriver_pool_addresses_taken{pool_id="p1",cidr="10.0.0.0/24"} 2'));
  assert.ok(text.includes('wasmdriver_pool_addresses_capacity{pool_id="p1",cidr="10.0.0.0/24"} 254'));
  assert.ok(text.includes(`wasmdriver_pool_fill_ratio{pool_id="p1",cidr="10.0.0.0/24"} ${2 / 254}`));
  pools = [];
  text = await metrics.render();
  assert.ok(!text.includes('pool_id="p1"'), 'a released pool must disappear from the metrics');
});

test('plugin calls are timed per endpoint and failures counted by error class', async () => {
  const metrics = new DaemonMetrics(() => [], { processMetrics: false });
  const app = Fastify();
  instrumentPluginApp(app, 'wasmnet', metrics);
  app.post('/IpamDriver.RequestAddress', async () => {
    throw conflict('address taken');
  });
  app.post('/NetworkDriver.CreateNetwork', async () => ({}));
  await app.inject({ method: 'POST', url: '/NetworkDriver.CreateNetwork', payload: {} });
  await app.inject({ method: 'POST', url: '/IpamDriver.RequestAddress', payload: {} });
  await app.inject({ method: 'POST', url: '/Nope.Nothing', payload: {} });
  await app.close();
  const text = await metrics.render();
  assert.ok(text.includes('wasmdriver_plugin_request_seconds_count{plugin="wasmnet",endpoint="NetworkDriver.CreateNetwork",status_code="200"} 1'), text);
  assert.ok(text.includes('wasmdriver_plugin_errors_total{plugin="wasmnet",endpoint="IpamDriver.RequestAddress",class="conflict"} 1'));
  assert.ok(text.includes('wasmdriver_plugin_errors_total{plugin="wasmnet",endpoint="unknown",class="request"} 1'));
  assert.ok(!text.includes('endpoint="NetworkDriver.CreateNetwork",class='), 'a successful call is not an error');
});
