// `wasmdriver config check`: exit 0 for a valid file, 1 with every problem named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli';

const dir = mkdtempSync(join(tmpdir(), 'wd-config-check-'));

test('a valid file passes with a one-line summary', async () => {
  const file = join(dir, 'ok.yaml');
  writeFileSync(file, 'logLevel: info\npolicies:\n  strict: { mode: monitor }\ntenants:\n  team-a: { policy: strict }\n');
  const r = await cli(['config', 'check', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${file}: valid (1 policy configured: strict; 1 tenant default)\n`);
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
