// Decides whether a plugin socket path may be (re)used. dockerd activates
// every socket it finds, so a stale one stalls `docker volume ls` for ~30 s
// of retries: a socket nobody answers on is replaced, but a live one is
// never taken from its owner.
import { connect } from 'node:net';
import { lstat, unlink } from 'node:fs/promises';
import { conflict } from '../errors';

export type SocketState = 'absent' | 'stale' | 'live';

export async function probeSocket(path: string, timeoutMs = 1000): Promise<SocketState> {
  let stat;
  try {
    stat = await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw err;
  }
  if (!stat.isSocket()) {
    throw conflict(`refusing to replace "${path}": it exists and is not a socket; remove it by hand if it is not needed`);
  }
  return new Promise<SocketState>((resolve) => {
    const client = connect({ path });
    const timer = setTimeout(() => {
      client.destroy();
      // Accepting but never answering still means somebody owns it.
      resolve('live');
    }, timeoutMs);
    client.once('connect', () => {
      clearTimeout(timer);
      client.destroy();
      resolve('live');
    });
    client.once('error', () => {
      clearTimeout(timer);
      resolve('stale');
    });
  });
}

/** Makes `path` free for listening, or throws if another live process owns it. */
export async function claimSocketPath(path: string): Promise<'fresh' | 'replaced-stale'> {
  const state = await probeSocket(path);
  if (state === 'live') {
    throw conflict(
      `another process is already serving "${path}" (it accepted a connection); ` +
        'stop the other wasmdriver instance first, or pass a different --socket-dir',
    );
  }
  if (state === 'stale') {
    await unlink(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return 'replaced-stale';
  }
  return 'fresh';
}
