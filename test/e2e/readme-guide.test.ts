// Runs the README's "Writing a policy" walk-through as written: its fenced
// blocks are read from README.md at test time, so the guide cannot drift
// from what works. Block kinds (the words after ```sh / ```text):
//   sh guide          each command must succeed
//   sh guide-fails    each command must fail
//   sh guide-daemon   one long-running command, started in the background
//   text output       each line must appear in the previous command's output
//   sh setup          puts wasmdriver and tsc on PATH; emulated here with a
//                     private bin directory instead of /usr/local/bin
// Commands run without a shell: words are split as sh would for the quoting
// the guide uses (single and double quotes), in a fresh directory.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useDockerEngine, type DockerEngine } from '../helpers/dockerd';
import { run, type RunResult } from '../helpers/run';
import { REPO_ROOT, WASMDRIVER_BIN } from '../helpers/wasmdriver-process';
import { e2eSkipReason } from '../helpers/tiers';
import { probeSocket } from '../../host/daemon/socket-guard';

interface Block { kind: string; lines: string[] }

export function guideBlocks(readme: string): Block[] {
  const start = readme.indexOf('\n## Writing a policy\n');
  assert.ok(start >= 0, 'README.md has no "## Writing a policy" section');
  const rest = readme.slice(start + 1);
  const end = rest.indexOf('\n## ', 1);
  const section = end < 0 ? rest : rest.slice(0, end);
  const blocks: Block[] = [];
  const fence = /^```(\S+)(?: (\S+))?\n([\s\S]*?)^```$/gm;
  for (const m of section.matchAll(fence)) {
    blocks.push({ kind: `${m[1]} ${m[2] ?? ''}`.trim(), lines: m[3]!.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')) });
  }
  return blocks;
}

/** sh word splitting for what the guide uses: blanks, '...' and "..." quoting. */
export function words(line: string): string[] {
  const out: string[] = [];
  let current: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const close = line.indexOf(c, i + 1);
      assert.ok(close > i, `unterminated ${c} in: ${line}`);
      current = (current ?? '') + line.slice(i + 1, close);
      i = close;
    } else if (/\s/.test(c)) {
      if (current !== null) out.push(current);
      current = null;
    } else {
      assert.ok(!'$`\\|&;<>'.includes(c), `the guide must not need a shell (found ${c} in: ${line})`);
      current = (current ?? '') + c;
    }
  }
  if (current !== null) out.push(current);
  return out;
}

describe('README: Writing a policy, command by command', { skip: e2eSkipReason() }, () => {
  const blocks = guideBlocks(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
  const work = mkdtempSync(join(tmpdir(), 'wd-guide-'));
  const bin = join(work, '.bin');
  let engine: DockerEngine;
  let env: NodeJS.ProcessEnv;
  let daemon: ChildProcess | undefined;
  let daemonExit: Promise<unknown> | undefined;
  let daemonLog = '';
  const networks = new Set<string>();

  before(async () => {
    for (const socket of ['/run/docker/plugins/wasmnet.sock', '/run/docker/plugins/wasmvol.sock']) {
      assert.notEqual(await probeSocket(socket), 'live', `${socket} is owned by another live process (another e2e run?); retry when it is done`);
    }
    engine = await useDockerEngine();
    // What the guide's setup block does, without touching /usr/local/bin.
    mkdirSync(bin);
    symlinkSync(WASMDRIVER_BIN, join(bin, 'wasmdriver'));
    symlinkSync(join(REPO_ROOT, 'node_modules/.bin/tsc'), join(bin, 'tsc'));
    env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, DOCKER_HOST: engine.host };
  });
  after(async () => {
    for (const n of networks) await engine?.docker(['network', 'rm', n], { allowFailure: true });
    if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
      daemon.kill('SIGTERM');
      await daemonExit;
    }
    await engine?.stop();
  });

  it('has the blocks the walk-through needs', () => {
    const kinds = blocks.map((b) => b.kind);
    for (const kind of ['sh setup', 'sh guide', 'sh guide-fails', 'sh guide-daemon', 'text output']) assert.ok(kinds.includes(kind), `no ${kind} block`);
    const setup = blocks.find((b) => b.kind === 'sh setup')!;
    assert.deepEqual(setup.lines.map((l) => words(l.replaceAll('"$PWD', '"')).at(-1)), ['/usr/local/bin/wasmdriver', '/usr/local/bin/tsc'], 'the emulated setup no longer matches the guide');
  });

  it('runs every command of the guide, in order, with the documented outcome', async () => {
    let last: RunResult | undefined;
    for (const block of blocks) {
      if (block.kind === 'sh guide' || block.kind === 'sh guide-fails') {
        const mustFail = block.kind === 'sh guide-fails';
        for (const line of block.lines) {
          const argv = words(line);
          // Remember networks the guide creates, so a failure mid-way leaves none behind.
          if (argv[0] === 'docker' && argv[1] === 'network' && argv[2] === 'create') networks.add(argv.at(-1)!);
          last = await run(argv, { cwd: work, env, allowFailure: true, timeout: 180_000 });
          const output = `${last.stdout}${last.stderr}`;
          if (mustFail) assert.notEqual(last.code, 0, `\`${line}\` was documented to fail but succeeded:\n${output}`);
          else assert.equal(last.code, 0, `\`${line}\` failed (exit ${last.code}):\n${output}\ndaemon log tail:\n${daemonLog.slice(-3000)}`);
        }
      } else if (block.kind === 'text output') {
        assert.ok(last, 'an output block before any command');
        for (const expected of block.lines) assert.ok(`${last.stdout}${last.stderr}`.includes(expected.trim()), `expected "${expected.trim()}" in:\n${last.stdout}${last.stderr}`);
      } else if (block.kind === 'sh guide-daemon') {
        assert.equal(block.lines.length, 1, 'a guide-daemon block holds exactly one command');
        const [file, ...args] = words(block.lines[0]!);
        daemon = spawn(file!, args, { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] });
        daemonExit = new Promise((resolve) => daemon!.once('exit', resolve));
        daemon.stderr!.setEncoding('utf8').on('data', (chunk: string) => (daemonLog += chunk));
      }
    }
    assert.ok(daemon, 'the guide never started the daemon');
    assert.equal(daemon.exitCode, null, `the daemon exited during the guide:\n${daemonLog.slice(-3000)}`);
    // The policy, not the default, took the decisions.
    assert.match(daemonLog, /"decision":\{"policy":"my-ipam","sha256":"[0-9a-f]{64}","tenant":"","hook":"assignAddress"/);
  });
});
