// One error type for the whole daemon. The kind decides how the error is
// reported (HTTP status, metrics label); the message is what the operator
// reads in `docker ...` output, so it names what failed and why.

export type ErrorKind =
  | 'invalid' // the request or a policy decision is malformed or out of bounds
  | 'notFound' // the named object does not exist
  | 'conflict' // the object exists, is in use, or the resource is taken
  | 'denied' // a policy refused the request
  | 'policy' // the policy itself failed: trap, budget, bad output
  | 'system'; // the kernel, the filesystem or the database failed

export class WasmdriverError extends Error {
  override readonly name = 'WasmdriverError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const invalid = (message: string, cause?: unknown) => new WasmdriverError('invalid', message, { cause });
export const notFound = (message: string, cause?: unknown) => new WasmdriverError('notFound', message, { cause });
export const conflict = (message: string, cause?: unknown) => new WasmdriverError('conflict', message, { cause });
export const denied = (message: string, cause?: unknown) => new WasmdriverError('denied', message, { cause });
export const policyFailure = (message: string, cause?: unknown) => new WasmdriverError('policy', message, { cause });
export const systemFailure = (message: string, cause?: unknown) => new WasmdriverError('system', message, { cause });

export function errorKind(err: unknown): ErrorKind {
  return err instanceof WasmdriverError ? err.kind : 'system';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
