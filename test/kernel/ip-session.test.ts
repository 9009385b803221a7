import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IpSession } from '../../host/linux/ip-session';
import { ExecError, isExists, isNotFound, run } from '../../host/linux/exec';
import { deleteLink, getLink } from '../../host/linux/links';
import { assertKernelReady } from '../helpers/kernel';
import { uniqueName } from '../helpers/netns';

const session = new IpSession(2_000);
const created: string[] = [];

before(() => assertKernelReady(['bridge']));

after(async () => {
  session.close();
  for (const n of created) await deleteLink(n);
  for (const n of created) assert.equal(await getLink(n), undefined, `${n} left behind`);
});

describe('IpSession', () => {
  it('runs commands and reports failures with the kernel words, per request', async () => {
    const br = uniqueName('b');
    created.push(br);
    await session.run(['link', 'add', 'name', br, 'type', 'bridge']);
    assert.equal((await getLink(br))?.kind, 'bridge');
    await assert.rejects(session.run(['link', 'add', 'name', br, 'type', 'bridge']), (e: unknown) => {
      assert.ok(e instanceof ExecError);
      assert.ok(isExists(e), e.stderr);
      assert.match(e.message, new RegExp(`^ip link add name ${br} type bridge: .*File exists`));
      return true;
    });
    await assert.rejects(session.run(['link', 'set', 'dev', uniqueName('x'), 'up']), (e: unknown) => isNotFound(e));
    // A failure does not leak into the next request.
    await session.run(['link', 'set', 'dev', br, 'up']);
    assert.equal((await getLink(br))?.up, true);
  });

  it('serialises concurrent requests and answers each one', async () => {
    const br = uniqueName('b');
    created.push(br);
    await session.run(['link', 'add', 'name', br, 'type', 'bridge']);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        i % 4 === 3 ? session.run(['link', 'set', 'dev', uniqueName('x'), 'up']) : session.run(['link', 'set', 'dev', br, 'mtu', String(1400 + i)]),
      ),
    );
    results.forEach((r, i) => assert.equal(r.status, i % 4 === 3 ? 'rejected' : 'fulfilled', `request ${i}`));
    assert.equal((await getLink(br))?.mtu, 1400 + 38);
  });

  it('refuses unsafe tokens before writing anything', async () => {
    await assert.rejects(session.run(['link', 'show', 'lo\nlink del eth0']), /unsafe token/);
  });

  it('restarts after its child dies, and after a request times out', async () => {
    await session.run(['link', 'show', 'dev', 'lo']);
    const pid = session.pid;
    assert.ok(pid);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && session.pid === pid; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(session.pid, undefined, 'the session noticed its child died');
    await session.run(['link', 'show', 'dev', 'lo']);
    assert.notEqual(session.pid, pid);
    // `monitor` never returns: the request must time out, not hang.
    await assert.rejects(session.run(['monitor', 'link']), /timed out after 2000 ms/);
    await session.run(['link', 'show', 'dev', 'lo']);
  });

  it('does not keep an idle process alive', async () => {
    const script = `import { ipSession } from ${JSON.stringify(new URL('../../host/linux/ip-session.ts', import.meta.url).pathname)};
await ipSession.run(['link', 'show', 'dev', 'lo']); console.log('done');`;
    const { stdout } = await run([process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], { timeoutMs: 15_000 });
    assert.equal(stdout.trim(), 'done');
  });
});

describe('IpSession.close', () => {
  it('fails a request in flight instead of leaving it hanging', async () => {
    const s = new IpSession(10_000);
    const p = s.run(['monitor', 'link']);
    await new Promise((r) => setTimeout(r, 100));
    s.close();
    await assert.rejects(p, /ip session closed/);
    s.close();
  });
});
