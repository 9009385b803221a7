// A Docker-plugin client on a Unix socket, one kept-alive connection, as
// dockerd's own plugin client holds: the benchmarks time the daemon, not
// connection set-up.
import { Agent, request } from 'node:http';

export class PluginClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  constructor(readonly socketPath: string) {}

  /** POSTs `body` to /<call>; rejects on a non-200 answer or an `Err` in it. */
  call<T = Record<string, unknown>>(call: string, body: unknown): Promise<T> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = request(
        {
          agent: this.#agent,
          socketPath: this.socketPath,
          method: 'POST',
          path: `/${call}`,
          headers: { 'content-type': 'application/vnd.docker.plugins.v1+json', 'content-length': payload.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: Record<string, unknown>;
            try {
              json = JSON.parse(text) as Record<string, unknown>;
            } catch {
              reject(new Error(`${call}: answer is not JSON (HTTP ${res.statusCode}): ${text.slice(0, 200)}`));
              return;
            }
            if (res.statusCode !== 200 || (typeof json.Err === 'string' && json.Err !== '')) {
              reject(new Error(`${call}: HTTP ${res.statusCode}: ${String(json.Err ?? text).slice(0, 300)}`));
              return;
            }
            resolve(json as T);
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
