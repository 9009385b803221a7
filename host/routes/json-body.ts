// Request bodies as Docker sends them: JSON under whatever content type
// (application/vnd.docker.plugins.v1.2+json, application/json, none at all),
// sometimes no body at all.
import type { FastifyInstance } from 'fastify';

/** A failure of the request itself, answered with its own HTTP status. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses a body. Empty means `{}`. Go encodes nil maps, slices and pointers
 * as `null`, which means "absent", so nulls are dropped and the schemas'
 * defaults apply. `__proto__` keys are refused: the parsed object reaches
 * driver code that may merge it into others.
 */
export function parseDockerJson(text: string): unknown {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v: unknown) => {
      if (key === '__proto__') throw new RequestError(400, 'invalid JSON in request body: key "__proto__" is not allowed');
      return v === null ? undefined : v;
    });
  } catch (err) {
    if (err instanceof RequestError) throw err;
    throw new RequestError(400, `invalid JSON in request body: ${(err as Error).message}`);
  }
  return value === undefined ? {} : value;
}

/** Replaces Fastify's parsers with one that reads every content type as Docker JSON. */
export function acceptDockerJson(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseDockerJson(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // Without a content type and a body Fastify runs no parser at all.
  app.addHook('preValidation', async (request) => {
    request.body ??= {};
  });
}
