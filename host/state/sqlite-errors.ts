// better-sqlite3 reports failures as SqliteError with an extended result code
// ("SQLITE_CONSTRAINT_UNIQUE"); repositories turn the ones that mean
// something to an operator into conflict / notFound with their own words.
import { systemFailure, errorMessage, type WasmdriverError } from '../errors';

export function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

export function isUniqueViolation(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(err: unknown): boolean {
  const code = sqliteCode(err);
  // ON DELETE RESTRICT reports itself as a trigger failure.
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || (code === 'SQLITE_CONSTRAINT_TRIGGER' && /FOREIGN KEY/.test(errorMessage(err)));
}

/** Names the column of a UNIQUE failure, e.g. "networks.bridge_name". */
export function violatedColumns(err: unknown): string {
  const match = /constraint failed: (.*)$/.exec(errorMessage(err));
  return match?.[1] ?? '';
}

/** Anything not translated by the caller is a database failure. */
export function databaseFailure(action: string, err: unknown): WasmdriverError {
  if ((err as { name?: unknown } | null)?.name === 'WasmdriverError') return err as WasmdriverError;
  return systemFailure(`failed to ${action}: database error: ${errorMessage(err)}`, err);
}
