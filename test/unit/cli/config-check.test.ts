// `wasmdriver config check`: exit 0 for a valid file, 1 with every problem named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli';

const dir = mkdtempSync(join(tmpdir(), 'wd-config-check-'));

test('a valid file passes with a one-line summary', async () => {
  const file = join(dir, 'ok.yaml');
  mkdirSync(join(dir, 'policies'));
  writeFileSync(join(dir, 'policies', 'strict.wasm'), '');
  // policyDir relative to the file's directory; team-b names a built-in policy.
  writeFileSync(file, 'logLevel: info\npolicyDir: policies\npolicies:\n  strict: { mode: monitor }\ntenants:\n  team-a: { policy: strict }\n  team-b: { policy: hashed-names }\n');
  const r = await cli(['config', 'check', file], { cwd: tmpdir() });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${file}: valid (1 policy configured: strict; 2 tenant defaults)\n`);
});

test('a tenant default naming no known policy is refused, saying where it looked', async () => {
  const file = join(dir, 'tenant.yaml');
  writeFileSync(file, `policyDir: ${join(dir, 'policies')}\ntenants:\n  team-a: { policy: nosuch }\n`);
  const r = await cli(['config', 'check', file]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`^ {2}tenants\\.team-a\\.policy: no policy "nosuch": looked in ${join(dir, 'policies')} for NAME\\.wasm and among the built-in policies \\(default, .*hashed-names.*\\)$`, 'm'));
});

test('schema and meaning problems come in the same run', async () => {
  const file = join(dir, 'both.yaml');
  writeFileSync(file, 'logLevel: loud\nmetricsListen: 0.0.0.0:9323\ndefaultAddressPools:\n  - { base: 10.0.0.0/8, size: 33 }\n');
  const r = await cli(['config', 'check', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^ {2}logLevel: "loud" is not one of/m);
  assert.match(r.stderr, /^ {2}metricsListen: 0\.0\.0\.0 is not a loopback address/m);
  assert.match(r.stderr, /^ {2}defaultAddressPools\.0: default address pool 10\.0\.0\.0\/8: size \/33/m);
});

test('an invalid file fails and lists each problem with its key', async () => {
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify({ logLevel: 'loud', metricsListen: '0.0.0.0:9323', policies: { s: { mode: 'audit' } } }));
  const r = await cli(['config', 'check', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^${file}: invalid\\n`));
  assert.match(r.stderr, /^ {2}logLevel: "loud" is not one of/m);
  assert.match(r.stderr, /^ {2}policies\.s\.mode: "audit" is not one of "enforce", "monitor"$/m);
});

test('a missing file fails naming it', async () => {
  const r = await cli(['config', 'check', join(dir, 'nope.yaml')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot read .*nope\.yaml: ENOENT/);
});
