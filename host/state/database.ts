// Opens the SQLite file and brings its schema up to date. An unreadable or
// newer file is refused before anything is written to it: losing the
// operator's networks and volumes is worse than not starting.
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { errorMessage, systemFailure } from '../errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export type Durability = 'full' | 'normal';

const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(file: string, durability: Durability): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (err) {
    throw systemFailure(`cannot open state database ${file}: ${errorMessage(err)}`, err);
  }
  try {
    // Connection settings first: they write nothing to the file.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    const version = readVersion(db, file);
    checkIntegrity(db, file);
    if (version > SCHEMA_VERSION) {
      throw systemFailure(
        `state database ${file} has schema version ${version}, but this wasmdriver only knows up to version ${SCHEMA_VERSION}: it was written by a newer wasmdriver; run that version or restore a backup taken before the upgrade`,
      );
    }
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw systemFailure(`state database ${file} cannot use write-ahead logging (journal mode is ${String(mode)})`);
    db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    migrate(db, file, version);
    return db;
  } catch (err) {
    db.close();
    throw err instanceof Error && err.name === 'WasmdriverError'
      ? err
      : systemFailure(`cannot open state database ${file}: ${errorMessage(err)}`, err);
  }
}

export function createStateDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw systemFailure(`cannot create state directory ${dir}: ${errorMessage(err)}`, err);
  }
}

function unreadable(file: string, err: unknown): Error {
  return systemFailure(
    `state database ${file} is unreadable (${errorMessage(err)}); it was left untouched: restore it from a backup, or move it aside to start with empty state`,
    err,
  );
}

function readVersion(db: Database.Database, file: string): number {
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } catch (err) {
    throw unreadable(file, err);
  }
}

function checkIntegrity(db: Database.Database, file: string): void {
  let result: unknown;
  try {
    result = db.pragma('quick_check', { simple: true });
  } catch (err) {
    throw unreadable(file, err);
  }
  if (result !== 'ok') throw unreadable(file, new Error(`integrity check failed: ${String(result)}`));
}

function migrate(db: Database.Database, file: string, from: number): void {
  for (let version = from; version < SCHEMA_VERSION; version++) {
    try {
      db.transaction(() => {
        db.exec(MIGRATIONS[version]!);
        db.pragma(`user_version = ${version + 1}`);
      }).immediate();
    } catch (err) {
      throw systemFailure(
        `cannot migrate state database ${file} from schema version ${version} to ${version + 1}: ${errorMessage(err)}; the database was left at version ${version}`,
        err,
      );
    }
  }
}
