// Talks to a running daemon's admin socket, for `wasmdriver status`.
import { request } from 'node:http';

export class AdminUnavailable extends Error {
  override readonly name = 'AdminUnavailable';
}

export function adminRequest(socketPath: string, method: 'GET' | 'POST', path: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`admin API ${method} ${path} answered ${res.statusCode}: ${body.slice(0, 200)}`));
        else resolve(body);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`admin API ${method} ${path} did not answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') {
        reject(new AdminUnavailable(`no wasmdriver daemon answers on ${socketPath} (${err.code}); is \`wasmdriver serve\` running, with this --admin-socket?`));
      } else if (err.code === 'EACCES') {
        reject(new AdminUnavailable(`permission denied on ${socketPath}: the admin socket is root-only; run as root`));
      } else {
        reject(err);
      }
    });
    req.end();
  });
}
