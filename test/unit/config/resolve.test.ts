// Precedence: flags, then WASMDRIVER_* variables, then the file, then defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings } from '../../../host/config/resolve';

const dir = mkdtempSync(join(tmpdir(), 'wd-config-'));
const file = join(dir, 'config.yaml');
writeFileSync(
  file,
  `socketDir: /file/plugins
stateDir: /file/state
policyDir: /file/policies
logLevel: warn
budgetMs: 30
recordInputs: true
policies:
  strict: { sha256: ${'AB'.repeat(32)}, mode: monitor, budgetMs: 10 }
  loose: { mode: enforce, isolate: true }
tenants:
  team-a: { policy: strict }
`,
);
const absent = join(dir, 'absent.yaml');

test('the file fills in what flags and variables leave out', () => {
  const s = resolveSettings({ config: file }, {}, absent);
  assert.equal(s.configFile, file);
  assert.equal(s.daemon.socketDir, '/file/plugins');
  assert.equal(s.daemon.stateDir, '/file/state');
  assert.equal(s.logLevel, 'warn');
  assert.equal(s.daemon.budgetMs, 30);
  assert.equal(s.daemon.recordInputs, true);
  assert.deepEqual(s.daemon.pins, { strict: 'ab'.repeat(32) });
  assert.deepEqual(s.daemon.policies, { strict: { mode: 'monitor', budgetMs: 10 }, loose: { mode: 'enforce', isolate: true } });
  assert.deepEqual(s.daemon.tenantDefaults, { 'team-a': 'strict' });
});

test('variables beat the file, flags beat variables', () => {
  const env = { WASMDRIVER_CONFIG: file, WASMDRIVER_SOCKET_DIR: '/env/plugins', WASMDRIVER_STATE_DIR: '/env/state', WASMDRIVER_LOG_LEVEL: 'debug', WASMDRIVER_RECORD_INPUTS: 'false' };
  const s = resolveSettings({ stateDir: '/flag/state', recordInputs: true }, env, absent);
  assert.equal(s.daemon.socketDir, '/env/plugins');
  assert.equal(s.daemon.stateDir, '/flag/state');
  assert.equal(s.daemon.policyDir, '/file/policies');
  assert.equal(s.logLevel, 'debug');
  assert.equal(s.daemon.recordInputs, true);
});

test('without any source the defaults apply, and a missing default file is not an error', () => {
  const s = resolveSettings({}, {}, absent);
  assert.equal(s.configFile, undefined);
  assert.equal(s.daemon.socketDir, '/run/docker/plugins');
  assert.equal(s.daemon.adminSocket, '/run/wasmdriver/admin.sock');
  assert.equal(s.daemon.metricsListen, undefined);
  assert.equal(s.logLevel, 'info');
});

test('the default file is read when it exists', () => {
  assert.equal(resolveSettings({}, {}, file).daemon.stateDir, '/file/state');
});

test('errors name the flag or variable that was wrong', () => {
  assert.throws(() => resolveSettings({ config: absent }, {}, absent), new RegExp(`--config: ${absent} does not exist`));
  assert.throws(() => resolveSettings({}, { WASMDRIVER_CONFIG: absent }, absent), /WASMDRIVER_CONFIG: .* does not exist/);
  assert.throws(() => resolveSettings({ logLevel: 'loud' }, {}, absent), /--log-level: "loud" is not one of/);
  assert.throws(() => resolveSettings({}, { WASMDRIVER_LOG_LEVEL: 'loud' }, absent), /WASMDRIVER_LOG_LEVEL: "loud"/);
  assert.throws(() => resolveSettings({}, { WASMDRIVER_RECORD_INPUTS: 'maybe' }, absent), /WASMDRIVER_RECORD_INPUTS: "maybe" is not a boolean/);
  assert.throws(() => resolveSettings({ budgetMs: '0' }, {}, absent), /--budget-ms: "0"/);
  assert.throws(() => resolveSettings({ metricsListen: '0.0.0.0:9323' }, {}, absent), /--metrics-listen: 0\.0\.0\.0 is not a loopback address/);
  assert.throws(() => resolveSettings({}, { WASMDRIVER_METRICS_LISTEN: '192.168.1.1:1' }, absent), /WASMDRIVER_METRICS_LISTEN: 192\.168\.1\.1 is not a loopback/);
});

test('an invalid file stops the daemon with every problem listed', () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'logLevel: loud\npolicies: { p: { mode: audit } }\n');
  assert.throws(() => resolveSettings({ config: bad }, {}, absent), (err: Error) => {
    assert.match(err.message, /logLevel: "loud"/);
    assert.match(err.message, /policies\.p\.mode: "audit"/);
    return true;
  });
});

test('--metrics-listen resolves to a loopback address', () => {
  assert.deepEqual(resolveSettings({ metricsListen: '127.0.0.1:9323' }, {}, absent).daemon.metricsListen, { host: '127.0.0.1', port: 9323 });
});

test('relative paths in the file are relative to the file; on the command line, to the working directory', () => {
  const sub = join(dir, 'etc');
  mkdirSync(sub);
  const rel = join(sub, 'config.yaml');
  writeFileSync(rel, 'stateDir: state\npolicyDir: ../policies\nsocketDir: run/plugins\nadminSocket: run/admin.sock\n');
  const s = resolveSettings({ config: rel }, {}, absent);
  assert.equal(s.daemon.stateDir, join(sub, 'state'));
  assert.equal(s.daemon.policyDir, join(dir, 'policies'));
  assert.equal(s.daemon.socketDir, join(sub, 'run/plugins'));
  assert.equal(s.daemon.adminSocket, join(sub, 'run/admin.sock'));
  assert.equal(resolveSettings({ config: rel, stateDir: 'here' }, {}, absent).daemon.stateDir, join(process.cwd(), 'here'));
});
