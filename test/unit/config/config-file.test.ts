// The configuration file: every problem is reported, each naming its key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkConfigText } from '../../../host/config/config-file';

const PIN = 'ab'.repeat(32);

function problems(text: string): string[] {
  const checked = checkConfigText(text, 'test.yaml');
  assert.equal(checked.ok, false, 'expected the configuration to be refused');
  return checked.ok ? [] : checked.problems;
}

test('a complete YAML file is accepted as written', () => {
  const checked = checkConfigText(
    `socketDir: /run/docker/plugins
stateDir: /var/lib/wasmdriver
policyDir: /etc/wasmdriver/policies
adminSocket: /run/wasmdriver/admin.sock
metricsListen: 127.0.0.1:9323
logLevel: debug
recordInputs: true
budgetMs: 50
defaultAddressPools:
  - { base: 10.200.0.0/16, size: 24 }
policies:
  strict-ipam: { sha256: ${PIN}, mode: monitor, budgetMs: 20 }
tenants:
  team-a: { policy: strict-ipam }
`,
    'test.yaml',
  );
  assert.ok(checked.ok, JSON.stringify(checked));
  assert.equal(checked.config.policies?.['strict-ipam']?.mode, 'monitor');
  assert.equal(checked.config.tenants?.['team-a']?.policy, 'strict-ipam');
});

test('JSON is accepted too', () => {
  const checked = checkConfigText(JSON.stringify({ logLevel: 'warn', policies: { p1: { mode: 'enforce' } } }), 'c.json');
  assert.ok(checked.ok);
});

test('schema errors name the key path', () => {
  const found = problems(`logLevel: loud
sockDir: /tmp
policies:
  strict:
    mode: audit
    sha256: nothex
    budgetMs: 0
    extra: 1
`);
  assert.ok(found.includes('logLevel: "loud" is not one of "fatal", "error", "warn", "info", "debug", "trace", "silent"'), found.join('\n'));
  assert.ok(found.includes('sockDir: unknown key'), found.join('\n'));
  assert.ok(found.includes('policies.strict.mode: "audit" is not one of "enforce", "monitor"'), found.join('\n'));
  assert.ok(found.includes('policies.strict.sha256: must be 64 hexadecimal digits'), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('policies.strict.budgetMs: ')), found.join('\n'));
  assert.ok(found.includes('policies.strict.extra: unknown key'), found.join('\n'));
});

test('meaning errors name the key: relative paths, non-loopback metrics, bad names, bad pools', () => {
  const found = problems(`stateDir: state
metricsListen: 0.0.0.0:9323
policies:
  Bad Name: { mode: enforce }
tenants:
  team-a: { policy: "NOT VALID" }
defaultAddressPools:
  - { base: 10.0.0.0/16, size: 8 }
`);
  assert.ok(found.includes('stateDir: "state" must be an absolute path'), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('metricsListen: 0.0.0.0 is not a loopback address')), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('policies.Bad Name: not a valid policy name')), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('tenants.team-a.policy: ')), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('defaultAddressPools.0: ')), found.join('\n'));
});

test('YAML syntax errors give file, line and column', () => {
  const [first] = problems('policies:\n  a: [1, 2\n');
  assert.match(first!, /^test\.yaml:\d+:\d+: /);
});

test('a file that is not a mapping is refused', () => {
  assert.match(problems('- a\n- b\n')[0]!, /expected a mapping/);
});

test('the shipped example configuration is valid', () => {
  const example = new URL('../../../host/config/config.example.yaml', import.meta.url);
  const checked = checkConfigText(readFileSync(example, 'utf8'), 'config.example.yaml');
  assert.ok(checked.ok, checked.ok ? '' : checked.problems.join('\n'));
});
