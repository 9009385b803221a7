import type Database from 'better-sqlite3';
import { conflict, notFound } from '../errors';
import { databaseFailure, isForeignKeyViolation, isUniqueViolation } from './sqlite-errors';
import { nowRfc3339 } from './columns';

/** One Docker Mount call (one container) holding a volume. */
export interface VolumeMountRecord {
  volumeName: string;
  mountId: string;
  createdAt: string;
}

interface MountRow {
  volume_name: string;
  mount_id: string;
  created_at: string;
}

export class VolumeMountsRepository {
  readonly #insert: Database.Statement<[string, string, string]>;
  readonly #listByVolume: Database.Statement<[string], MountRow>;
  readonly #list: Database.Statement<[], MountRow>;
  readonly #count: Database.Statement<[string], { n: number }>;
  readonly #delete: Database.Statement<[string, string]>;
  readonly #deleteAll: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.#insert = db.prepare('INSERT INTO volume_mounts (volume_name, mount_id, created_at) VALUES (?, ?, ?)');
    this.#listByVolume = db.prepare('SELECT * FROM volume_mounts WHERE volume_name = ? ORDER BY created_at, mount_id');
    this.#list = db.prepare('SELECT * FROM volume_mounts ORDER BY volume_name, created_at, mount_id');
    this.#count = db.prepare('SELECT count(*) AS n FROM volume_mounts WHERE volume_name = ?');
    this.#delete = db.prepare('DELETE FROM volume_mounts WHERE volume_name = ? AND mount_id = ?');
    this.#deleteAll = db.prepare('DELETE FROM volume_mounts WHERE volume_name = ?');
  }

  /** Conflict when this mount id already holds the volume; notFound when the volume does not exist. */
  insert(volumeName: string, mountId: string, createdAt = nowRfc3339()): VolumeMountRecord {
    try {
      this.#insert.run(volumeName, mountId, createdAt);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`volume "${volumeName}" is already mounted for ${mountId}`, err);
      if (isForeignKeyViolation(err)) throw notFound(`volume "${volumeName}" does not exist`, err);
      throw databaseFailure(`record mount ${mountId} of volume "${volumeName}"`, err);
    }
    return { volumeName, mountId, createdAt };
  }

  listByVolume(volumeName: string): VolumeMountRecord[] {
    return this.#listByVolume.all(volumeName).map(fromRow);
  }

  list(): VolumeMountRecord[] {
    return this.#list.all().map(fromRow);
  }

  count(volumeName: string): number {
    return this.#count.get(volumeName)?.n ?? 0;
  }

  /** False when that mount was not recorded. */
  delete(volumeName: string, mountId: string): boolean {
    try {
      return this.#delete.run(volumeName, mountId).changes > 0;
    } catch (err) {
      throw databaseFailure(`forget mount ${mountId} of volume "${volumeName}"`, err);
    }
  }

  /** For reconciling after a crash, when Docker will never send the Unmounts. Returns how many were removed. */
  deleteAllFor(volumeName: string): number {
    try {
      return this.#deleteAll.run(volumeName).changes;
    } catch (err) {
      throw databaseFailure(`forget the mounts of volume "${volumeName}"`, err);
    }
  }
}

function fromRow(row: MountRow): VolumeMountRecord {
  return { volumeName: row.volume_name, mountId: row.mount_id, createdAt: row.created_at };
}
