// Closing a socket's Fastify app without waiting forever. Fastify's close
// lets requests in flight finish and closes keep-alive connections that are
// idle, but Node counts a connection that has not sent a request yet as
// neither: dockerd's HTTP client dials spare connections it may never use,
// and one of those held `close()` (and so the daemon's exit) indefinitely.
// Once no request is in flight, every remaining connection is cut.
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface ClosableApp {
  /** Stops listening, lets requests in flight finish, then cuts every connection. */
  close(): Promise<void>;
}

const POLL_MS = 20;

/** Counts the app's requests in flight; call before the app is ready. */
export function closableApp(app: FastifyInstance, graceMs = 10_000): ClosableApp {
  // A set, not a counter: an aborted request may be reported by both hooks.
  const inFlight = new Set<FastifyRequest>();
  app.addHook('onRequest', async (request) => {
    inFlight.add(request);
  });
  const done = async (request: FastifyRequest) => {
    inFlight.delete(request);
  };
  app.addHook('onResponse', done);
  app.addHook('onRequestAbort', done);
  return {
    async close() {
      const closing = app.close();
      const deadline = Date.now() + graceMs;
      while (inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      app.server.closeAllConnections();
      await closing;
    },
  };
}
