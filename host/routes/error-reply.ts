// Every failure becomes a non-2xx reply with `{"Err": "..."}`, the one field
// Docker reads from failed plugin calls on all three interfaces. Statuses:
// 500 for driver failures and schema violations (Docker only reads the body),
// the transport's own status for unreadable requests, 404 for unknown methods
// (Docker treats 404 on an optional method as "not implemented").
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WasmdriverError, errorMessage } from '../errors';
import type { ErrorResponse } from '../protocol/common';
import { RequestError } from './json-body';

interface Failure {
  status: number;
  message: string;
  /** Driver and internal failures are the operator's business; bad requests are the caller's. */
  level: 'warn' | 'error';
}

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  validation?: unknown;
  serialization?: unknown;
}

/** "NetworkDriver.CreateNetwork" for the route the request matched. */
export function callName(request: FastifyRequest): string {
  return (request.routeOptions.url ?? request.url).replace(/^\//, '');
}

export function describeFailure(err: unknown, call: string, bodyLimit: number): Failure {
  if (err instanceof WasmdriverError) return { status: 500, message: err.message, level: 'error' };
  if (err instanceof RequestError) return { status: err.statusCode, message: err.message, level: 'warn' };
  const e = (typeof err === 'object' && err !== null ? err : {}) as FastifyLikeError;
  const message = errorMessage(err);
  if (e.validation) return { status: 500, message: `${call}: ${message}`, level: 'warn' };
  if (e.serialization) {
    return { status: 500, message: `${call}: the driver returned an invalid response: ${message}`, level: 'error' };
  }
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, message: `${call}: request body exceeds the limit of ${bodyLimit} bytes`, level: 'warn' };
  }
  const status = e.statusCode;
  if (typeof e.code === 'string' && e.code.startsWith('FST_') && typeof status === 'number' && status >= 400 && status < 500) {
    return { status, message: `${call}: ${message}`, level: 'warn' };
  }
  return { status: 500, message: `${call}: internal error: ${message}`, level: 'error' };
}

export function answerFailuresWithErr(app: FastifyInstance, bodyLimit: number, serves: readonly string[]): void {
  app.setErrorHandler((err, request, reply) => {
    const call = callName(request);
    const failure = describeFailure(err, call, bodyLimit);
    if (failure.level === 'error') {
      const kind = err instanceof WasmdriverError ? err.kind : 'internal';
      request.log.error({ err, call, kind }, `${call} failed: ${failure.message}`);
    } else {
      request.log.warn({ call, status: failure.status }, `${call} rejected: ${failure.message}`);
    }
    const body: ErrorResponse = { Err: failure.message };
    return reply.code(failure.status).send(body);
  });

  const served = [...serves, 'Plugin.Activate'].join(', ');
  app.setNotFoundHandler((request, reply) => {
    const message = `unknown plugin method: ${request.method} ${request.url} (this socket serves POST /<Interface>.<Method> for ${served})`;
    request.log.warn({ method: request.method, url: request.url }, message);
    const body: ErrorResponse = { Err: message };
    return reply.code(404).send(body);
  });
}
