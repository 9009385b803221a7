// Raw calls to wasmvol's socket, bypassing dockerd: for input Docker itself
// would never send (NUL in names, malformed JSON, huge bodies).
import { request } from 'node:http';

export const WASMVOL_SOCKET = '/run/docker/plugins/wasmvol.sock';

export interface SocketReply {
  status: number;
  body: string;
  json(): Record<string, unknown>;
}

export function callWasmvol(method: string, body: string | object, socketPath = WASMVOL_SOCKET): Promise<SocketReply> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method: 'POST',
        path: `/${method}`,
        headers: { 'Content-Type': 'application/json', Accept: 'application/vnd.docker.plugins.v1.2+json', 'Content-Length': Buffer.byteLength(payload) },
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, json: () => JSON.parse(text) as Record<string, unknown> }));
        res.on('error', reject);
      },
    );
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('timeout', () => req.destroy(new Error(`${method}: no answer from ${socketPath} within 30 s`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A server refusing a huge body answers and closes before we finish
      // writing it: the answer is what counts, so wait for it.
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    req.on('close', () => {
      if (!answered) reject(new Error(`${method}: ${socketPath} closed the connection without an answer`));
    });
    req.end(payload);
  });
}

/**
 * Declares a body of `declaredBytes` and sends only its first KiB, then
 * waits for the answer: a server that checks Content-Length refuses at once,
 * and the answer cannot be lost to a reset of a half-written upload.
 */
export function callWithOversizedBody(method: string, declaredBytes: number, socketPath = WASMVOL_SOCKET): Promise<SocketReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, method: 'POST', path: `/${method}`, headers: { 'Content-Type': 'application/json', 'Content-Length': declaredBytes }, timeout: 30_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: text, json: () => JSON.parse(text) as Record<string, unknown> });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method}: no answer to an oversized body within 30 s`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    req.write(`{"Name":"x","Opts":{"pad":"${'x'.repeat(1024)}`);
  });
}
