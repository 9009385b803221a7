// One Docker plugin method: `POST /<Interface>.<Method>`, body validated
// against its schema (defaults filled in) before the driver sees it.
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

export interface MethodSchema<B extends TSchema, R extends TSchema> {
  body: B;
  response: R;
}

export function dockerMethod<B extends TSchema, R extends TSchema>(
  app: FastifyInstance,
  name: `${string}.${string}`,
  schema: MethodSchema<B, R>,
  call: (body: Static<B>) => Promise<Static<R> | void>,
): void {
  app.post<{ Body: Static<B> }>(
    `/${name}`,
    // The response schema also drops fields Docker does not know.
    { schema: { body: schema.body, response: { 200: schema.response } } },
    async (request) => (await call(request.body)) ?? {},
  );
}
