// The policy-author workflow through the CLI: scaffold, typecheck, test
// (pass, mismatch with diff, broken fixture), build, bench, and replay
// against a decision log written by the real runtime.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { PolicyRuntime, defaultRuntimeConfig } from '../../../host/policy/runtime';
import { builtinPolicyDir } from '../../../host/daemon/services';
import { decisionContext } from '../../../host/cli/policy-author/host-state';
import { cli, ROOT } from './cli';

function tsc(project: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(join(ROOT, 'node_modules/.bin/tsc'), ['-p', project], { timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('policy new, test, build, bench, replay', () => {
  const work = mkdtempSync(join(tmpdir(), 'wd-author-'));
  const project = join(work, 'my-ipam');
  const wasm = join(project, 'my-ipam.wasm');

  let created: Awaited<ReturnType<typeof cli>>;
  before(async () => {
    created = await cli(['policy', 'new', 'my-ipam'], { cwd: work });
    assert.equal(created.code, 0, created.stderr);
  });

  it('writes a README.md too, and prints the next steps as the README guide runs them', () => {
    assert.match(created.stdout, /^created my-ipam\/: policy\.ts, tsconfig\.json, README\.md, fixtures\/.*$/m);
    assert.match(readFileSync(join(project, 'README.md'), 'utf8'), /wasmdriver policy test policy\.ts fixtures/);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const steps = created.stdout.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim());
    assert.deepEqual(steps, ['tsc -p my-ipam', 'wasmdriver policy test my-ipam/policy.ts my-ipam/fixtures', 'mkdir -p policies', 'wasmdriver policy build my-ipam/policy.ts -o policies/my-ipam.wasm']);
    // Each suggested command is one the README's walk-through runs (mkdir without -p there: its directory is fresh).
    for (const step of steps) assert.ok(readme.includes(`\n${step.replace('mkdir -p', 'mkdir')}\n`), `README.md does not run: ${step}`);
  });

  it('scaffolds a project that typechecks against the SDK and the Extism PDK', async () => {
    const r = await tsc(project);
    assert.equal(r.code, 0, r.out);
    // Control: the same tsconfig catches a wrong output field.
    const policy = join(project, 'policy.ts');
    const good = readFileSync(policy, 'utf8');
    writeFileSync(policy, good.replace('return { address };', 'return { adress: address };'));
    try {
      const broken = await tsc(project);
      assert.notEqual(broken.code, 0);
      assert.match(broken.out, /policy\.ts\(\d+,\d+\): error TS2345/);
    } finally {
      writeFileSync(policy, good);
    }
  });

  it('refuses to scaffold over an existing directory or with an invalid name', async () => {
    const again = await cli(['policy', 'new', 'my-ipam'], { cwd: work });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    const bad = await cli(['policy', 'new', 'Bad_Name'], { cwd: work });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /cannot be a policy name/);
  });

  it('passes its own fixtures from the .ts source, as generated', async () => {
    const r = await cli(['policy', 'test', 'policy.ts', 'fixtures'], { cwd: project });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^PASS {2}endpoint\.yaml: assignAddress$/m);
    assert.match(r.stdout, /^PASS {2}refused-subnet\.yaml: selectPool$/m);
    assert.match(r.stdout, /^PASS: 4\/4$/m);
  });

  it('builds, and the .wasm passes the same fixtures', async () => {
    const built = await cli(['policy', 'build', 'policy.ts', '-o', wasm], { cwd: project });
    assert.equal(built.code, 0, built.stderr);
    const r = await cli(['policy', 'test', wasm, 'fixtures'], { cwd: project });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^PASS: 4\/4$/m);
  });

  it('fails a mismatching fixture with a diff, an unmet expectError, and a broken fixture; exits 1', async () => {
    const fixtures = join(work, 'failing');
    mkdirSync(fixtures);
    writeFileSync(join(fixtures, 'a-mismatch.yaml'), 'hook: assignAddress\ninput: { pool: 10.88.5.0/24, kind: endpoint }\nstate: { taken: [10.88.5.10] }\nexpect: { address: 10.88.5.12 }\n');
    writeFileSync(join(fixtures, 'b-no-error.yaml'), 'hook: selectPool\ninput: { requestedPool: 10.88.1.0/24 }\nexpectError: outside\n');
    writeFileSync(join(fixtures, 'c-broken.json'), JSON.stringify({ hook: 'selectPool', input: { requestedPool: 7 }, expect: {} }));
    writeFileSync(join(fixtures, 'd-list.yaml'), '- hook: bridgeName\n  input: { networkId: abcdef0123456789 }\n  expect: { name: br-abcdef012345 }\n');
    const r = await cli(['policy', 'test', wasm, fixtures]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    // The policy's actual output is named as such, not put where the expected value would be read.
    assert.match(r.stdout, /^FAIL {2}a-mismatch\.yaml: assignAddress\n {4}output \{"address":"10\.88\.5\.11"\} differs from the fixture's expect:\n {4}\+ actual - expected/m);
    assert.match(r.stdout, /^ {4}\+ {3}address: '10\.88\.5\.11'$/m);
    assert.match(r.stdout, /^ {4}- {3}address: '10\.88\.5\.12'$/m);
    assert.match(r.stdout, /^FAIL {2}b-no-error\.yaml: selectPool\n {4}expected an error containing "outside", but the policy answered \{"pool":"10\.88\.1\.0\/24"\}$/m);
    assert.match(r.stdout, /^ERROR c-broken\.json: input\.requestedPool: Expected string/m);
    // A hook the policy leaves out is answered by the default, and the output says so.
    assert.match(r.stdout, /^PASS {2}d-list\.yaml#0: bridgeName \[hook not exported: the built-in default answered\]$/m);
    assert.match(r.stdout, /^PASS: 1\/4\nFAIL: 2\/4\nERROR: 1\/4/m);
  });

  it('refuses a fixture whose input has a misspelt field instead of running it with that field empty', async () => {
    const fixtures = join(work, 'misspelt');
    mkdirSync(fixtures);
    writeFileSync(join(fixtures, 'typo.yaml'), 'hook: selectPool\ninput: { requestedPol: 10.88.1.0/24 }\nexpectError: outside\n');
    const r = await cli(['policy', 'test', wasm, fixtures]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^ERROR typo\.yaml: input has unknown field requestedPol \(the selectPool input has .*requestedPool/m);
  });

  it('names what is wrong with the policy or the fixtures directory', async () => {
    const notWasm = join(work, 'not.wasm');
    writeFileSync(notWasm, 'not wasm');
    const bad = await cli(['policy', 'test', notWasm, join(project, 'fixtures')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /policy "not" \(.*not\.wasm\) is not a valid WebAssembly module/);
    const missing = await cli(['policy', 'test', join(work, 'absent.wasm'), join(project, 'fixtures')]);
    assert.match(missing.stderr, /policy .*absent\.wasm does not exist/);
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const none = await cli(['policy', 'test', wasm, empty]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /holds no fixtures \(\*\.yaml, \*\.yml or \*\.json\)/);
  });

  it('validates answers like the daemon: an address already taken is refused', async () => {
    const fixtures = join(work, 'validation');
    mkdirSync(fixtures);
    writeFileSync(join(fixtures, 'taken.yaml'), 'hook: assignAddress\ninput: { pool: 10.88.5.0/24, kind: endpoint, requestedAddress: 10.88.5.20 }\nstate: { taken: [10.88.5.20] }\nexpectError: already taken\n');
    const r = await cli(['policy', 'test', wasm, fixtures]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('benches one hook and prints percentiles and calls/s', async () => {
    const r = await cli(['policy', 'bench', wasm, 'assignAddress', '--input', '{"pool":"10.88.5.0/24","kind":"endpoint"}', '--iterations', '50', '--warmup', '5']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^policy my-ipam \(sha256 [0-9a-f]{12}\), hook assignAddress: 50 calls after 5 warm-up calls$/m);
    assert.match(r.stdout, /^p50 \d+\.\d{3} ms {3}p90 \d+\.\d{3} ms {3}p99 \d+\.\d{3} ms {3}max \d+\.\d{3} ms {3}mean \d+\.\d{3} ms$/m);
    assert.match(r.stdout, /^\d+ calls\/s$/m);
    const json = await cli(['policy', 'bench', wasm, 'selectPool', '--input', '{"requestedPool":"10.88.0.0/24"}', '--iterations', '10', '--json']);
    const parsed = JSON.parse(json.stdout) as { iterations: number; p50Ms: number; p99Ms: number };
    assert.equal(parsed.iterations, 10);
    assert.ok(parsed.p99Ms >= parsed.p50Ms);
    const failing = await cli(['policy', 'bench', wasm, 'selectPool', '--input', '{"requestedPool":"192.168.0.0/24"}', '--iterations', '10']);
    assert.equal(failing.code, 1);
    assert.match(failing.stderr, /outside 10\.88\.0\.0\/16/);
  });

  it('replays a decision log recorded by the runtime and reports what would change', async () => {
    // The built-in default decides, with inputs recorded, as `serve --record-inputs` would log it.
    const logFile = join(work, 'decisions.log');
    const logger = pino({ level: 'info' }, pino.destination({ dest: logFile, sync: true }));
    const runtime = await PolicyRuntime.open(
      { ...defaultRuntimeConfig({ builtinDir: builtinPolicyDir(), policyDir: join(work, 'none'), pins: {} }), recordInputs: true, watch: false },
      logger,
    );
    const choice = { policy: 'default', tenant: 'team-a' };
    const pool = '10.88.5.0/24';
    await runtime.decide('selectPool', choice, { addressSpace: 'LocalDefault', v6: false, requestedPool: pool, requestedSubPool: '', options: {}, defaultPools: [] });
    await runtime.decide('selectPool', choice, { addressSpace: 'LocalDefault', v6: false, requestedPool: '172.30.0.0/24', requestedSubPool: '', options: {}, defaultPools: [] });
    const taken: string[] = [];
    for (const kind of ['gateway', 'endpoint', 'endpoint'] as const) {
      const input = { poolId: 'p1', pool, subPool: '', kind, requestedAddress: '', macAddress: '', options: {} };
      const out = await runtime.decide('assignAddress', choice, input, decisionContext('assignAddress', { ...input }, { taken }));
      taken.push(out.address);
    }
    await runtime.decide('bridgeName', choice, { networkId: 'abcdef0123456789', options: {} });
    // A decision of another policy in the same log: replayed only when no --name narrows the replay.
    await runtime.decide('bridgeName', { policy: 'hashed-names', tenant: 'team-b' }, { networkId: 'fedcba9876543210', options: {} });
    await runtime.close();
    assert.deepEqual(taken, ['10.88.5.1', '10.88.5.2', '10.88.5.3']);

    const r = await cli(['policy', 'replay', logFile, '--policy', wasm]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    // The second selectPool is refused by the candidate; the gateway moves to .254 and endpoints to .10.
    // Each decision sees the state the log recorded (.1 and .2 taken), not the candidate's earlier answers,
    // so both endpoint requests would get .10.
    assert.match(r.stdout, /^line \d+: selectPool \(tenant "team-a", recorded policy default\)\n {4}recorded: {2}\{"pool":"172\.30\.0\.0\/24"\}\n {4}candidate: refused: .*outside 10\.88\.0\.0\/16/m);
    assert.match(r.stdout, /recorded: {2}\{"address":"10\.88\.5\.1"\}\n {4}candidate: \{"address":"10\.88\.5\.254"\}/);
    assert.match(r.stdout, /recorded: {2}\{"address":"10\.88\.5\.2"\}\n {4}candidate: \{"address":"10\.88\.5\.10"\}/);
    assert.match(r.stdout, /recorded: {2}\{"address":"10\.88\.5\.3"\}\n {4}candidate: \{"address":"10\.88\.5\.10"\}/);
    // Without --name every recorded policy's decisions are replayed, and counted per policy.
    assert.match(r.stdout, /^line \d+: bridgeName \(tenant "team-b", recorded policy hashed-names\)$/m);
    assert.match(r.stdout, /^replayed 7 decisions: 5 would change, 2 unchanged$/m);
    assert.match(r.stdout, /^ {2}recorded policy default: 6 replayed, 4 would change, 2 unchanged\n {2}recorded policy hashed-names: 1 replayed, 1 would change, 0 unchanged$/m);
    assert.match(r.stdout, /use --name POLICY to replay only one of them$/m);

    // --name selects one recorded policy; the others' decisions are left out of the comparison.
    const one = await cli(['policy', 'replay', logFile, '--policy', wasm, '--name', 'default']);
    assert.equal(one.code, 1, one.stdout + one.stderr);
    assert.doesNotMatch(one.stdout, /hashed-names/);
    assert.match(one.stdout, /^replayed 6 decisions recorded for policy default: 4 would change, 2 unchanged; 1 recorded for other policies were not replayed$/m);
    assert.doesNotMatch(one.stdout, /recorded policy default: /);

    const unknown = await cli(['policy', 'replay', logFile, '--policy', wasm, '--name', 'my-ipam']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /holds no replayable decisions recorded for policy "my-ipam" \(recorded: default \(6\), hashed-names \(1\)\)/);

    // The default replayed against its own decisions changes nothing.
    const same = await cli(['policy', 'replay', logFile, '--policy', join(builtinPolicyDir(), 'default.wasm'), '--name', 'default']);
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.match(same.stdout, /^replayed 6 decisions recorded for policy default: 0 would change, 6 unchanged; 1 recorded for other policies were not replayed$/m);
  });

  it('refuses a log written without inputs, saying how to record them', async () => {
    const logFile = join(work, 'no-inputs.log');
    writeFileSync(logFile, `${JSON.stringify({ level: 30, decision: { policy: 'default', hook: 'bridgeName', tenant: '', inputDigest: 'sha256:00', output: { name: 'x' } } })}\n`);
    const r = await cli(['policy', 'replay', logFile, '--policy', wasm]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no replayable decisions \(1 were logged without inputs: run the daemon with --record-inputs\)/);
  });
});
