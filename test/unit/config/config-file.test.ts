// The configuration file: every problem is reported, each naming its key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfigFile, checkConfigText } from '../../../host/config/config-file';

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

test('meaning errors name the key: non-loopback metrics, bad names, bad pools', () => {
  const found = problems(`metricsListen: 0.0.0.0:9323
policies:
  Bad Name: { mode: enforce }
tenants:
  team-a: { policy: "NOT VALID" }
defaultAddressPools:
  - { base: 10.0.0.0/16, size: 8 }
`);
  assert.ok(found.some((p) => p.startsWith('metricsListen: 0.0.0.0 is not a loopback address')), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('policies.Bad Name: not a valid policy name')), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('tenants.team-a.policy: ')), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('defaultAddressPools.0: ')), found.join('\n'));
});

test('schema errors and meaning errors of the keys that passed the schema are reported in one run', () => {
  const found = problems(`logLevel: loud
metricsListen: 0.0.0.0:9323
policies:
  strict: { mode: audit }
defaultAddressPools:
  - { base: 10.0.0.0/8, size: 33 }
  - { base: 10.1.0.0/16, size: "24" }
`);
  assert.ok(found.includes('logLevel: "loud" is not one of "fatal", "error", "warn", "info", "debug", "trace", "silent"'), found.join('\n'));
  assert.ok(found.includes('policies.strict.mode: "audit" is not one of "enforce", "monitor"'), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('metricsListen: 0.0.0.0 is not a loopback address')), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('defaultAddressPools.0: default address pool 10.0.0.0/8: size /33')), found.join('\n'));
  // The entry the schema refused is reported once, by the schema, not again by the meaning check.
  assert.equal(found.filter((p) => p.startsWith('defaultAddressPools.1')).length, 1, found.join('\n'));
});

test('relative paths are resolved against the directory of the file', () => {
  const checked = checkConfigText('socketDir: plugins\nstateDir: ./state\npolicyDir: ../policies\nadminSocket: /run/x/admin.sock\n', '/etc/wd/config.yaml');
  assert.ok(checked.ok, checked.ok ? '' : checked.problems.join('\n'));
  assert.deepEqual(
    [checked.config.socketDir, checked.config.stateDir, checked.config.policyDir, checked.config.adminSocket],
    ['/etc/wd/plugins', '/etc/wd/state', '/etc/policies', '/run/x/admin.sock'],
  );
  const dir = mkdtempSync(join(tmpdir(), 'wd-config-rel-'));
  writeFileSync(join(dir, 'c.yaml'), 'stateDir: state\n');
  const fromFile = checkConfigFile(join(dir, 'c.yaml'));
  assert.ok(fromFile.ok);
  assert.equal(fromFile.config.stateDir, join(dir, 'state'));
});

test('with a catalog, a tenant default must name a built-in policy or a NAME.wasm in the policy directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'wd-config-catalog-'));
  const builtinDir = join(root, 'builtin');
  mkdirSync(builtinDir);
  writeFileSync(join(builtinDir, 'default.wasm'), '');
  writeFileSync(join(builtinDir, 'hashed-names.wasm'), '');
  mkdirSync(join(root, 'policies'));
  writeFileSync(join(root, 'policies', 'my-ipam.wasm'), '');
  const catalog = { builtinDir, defaultPolicyDir: join(root, 'absent') };
  const text = 'policyDir: policies\ntenants:\n  team-a: { policy: my-ipam }\n  team-b: { policy: hashed-names }\n  team-c: { policy: nosuch }\n';
  const checked = checkConfigText(text, join(root, 'config.yaml'), { catalog });
  assert.equal(checked.ok, false);
  const found = checked.ok ? [] : checked.problems;
  assert.deepEqual(found, [
    `tenants.team-c.policy: no policy "nosuch": looked in ${join(root, 'policies')} for NAME.wasm and among the built-in policies (default, hashed-names)`,
  ]);
  // Without policyDir the default directory is searched, and said not to exist.
  const fallback = checkConfigText('tenants:\n  team-a: { policy: my-ipam }\n', join(root, 'config.yaml'), { catalog });
  assert.ok(!fallback.ok && fallback.problems[0]!.includes(`looked in ${join(root, 'absent')} (which does not exist)`), JSON.stringify(fallback));
  // Without a catalog (the daemon loading its file) only the name's syntax is checked: the runtime checks the rest.
  assert.ok(checkConfigText(text, join(root, 'config.yaml')).ok);
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
