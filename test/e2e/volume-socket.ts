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
    req.on('timeout', () => req.destroy(new Error(`${method}: no answer from ${socketPath} within 30 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
