import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { closableApp } from '../../../host/daemon/app-shutdown';

async function served() {
  const dir = mkdtempSync(join(tmpdir(), 'wd-shutdown-'));
  const path = join(dir, 'app.sock');
  const app = Fastify();
  let release: () => void = () => {};
  const slowStarted = new Promise<void>((started) => {
    app.post('/slow', async () => {
      started();
      await new Promise<void>((resolve) => { release = resolve; });
      return { done: true };
    });
  });
  const closable = closableApp(app);
  await app.listen({ path });
  return { path, closable, slowStarted, release: () => release(), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Fails instead of hanging when `p` does not settle. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms); })]).finally(() => clearTimeout(timer));
}

describe('closing a socket app', () => {
  it('is not held open by a connection that never sent a request', async () => {
    const s = await served();
    try {
      const idle = connect(s.path);
      await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
      const cut = new Promise<void>((resolve) => idle.once('close', () => resolve()));
      await within(s.closable.close(), 5_000, 'close()');
      await within(cut, 1_000, 'cutting the idle connection');
    } finally {
      s.cleanup();
    }
  });

  it('lets a request in flight finish first', async () => {
    const s = await served();
    try {
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ socketPath: s.path, path: '/slow', method: 'POST' }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
        req.end();
      });
      await s.slowStarted;
      const closing = s.closable.close();
      setTimeout(s.release, 100);
      await within(closing, 5_000, 'close()');
      assert.deepEqual(await response, { status: 200, body: '{"done":true}' });
    } finally {
      s.cleanup();
    }
  });
});
