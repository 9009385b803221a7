// Asks dockerd which wasmvol volumes its running containers use. One GET
// over the engine socket; node:http speaks Unix sockets, so no Docker client
// library is pulled in for it. Never called while answering a plugin
// request: dockerd may be waiting on us (vsphere-storage-for-docker#1112).
import { request } from 'node:http';
import { systemFailure } from '../errors';

interface ContainerSummary {
  Mounts?: { Type?: string; Name?: string; Driver?: string }[];
}

/** `unix:///var/run/docker.sock` -> the socket path. */
export function dockerSocketPath(host: string): string {
  if (!host.startsWith('unix://')) throw systemFailure(`docker host "${host}" is not a unix:// socket; only local engines are supported`);
  return host.slice('unix://'.length);
}

export function volumesInUse(dockerHost: string, driver = 'wasmvol', timeoutMs = 5000): Promise<Set<string>> {
  const socketPath = dockerSocketPath(dockerHost);
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/containers/json', method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) {
          reject(systemFailure(`dockerd answered ${res.statusCode} to GET /containers/json: ${body.slice(0, 200)}`));
          return;
        }
        try {
          const containers = JSON.parse(body) as ContainerSummary[];
          resolve(new Set(containers.flatMap((c) => (c.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Driver === driver && m.Name).map((m) => m.Name!))));
        } catch (err) {
          reject(systemFailure(`dockerd's container list is not JSON: ${(err as Error).message}`, err));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(systemFailure(`cannot ask dockerd at ${dockerHost} which volumes are in use: ${err.message}`, err)));
    req.end();
  });
}
