import type Database from 'better-sqlite3';
import { conflict } from '../errors';
import { databaseFailure, isForeignKeyViolation, isUniqueViolation, violatedColumns } from './sqlite-errors';
import { fromJson, nowRfc3339, toJson } from './columns';

export interface VolumeRecord {
  name: string;
  options: Record<string, string>;
  /** Host directory holding the volume's data. */
  dataPath: string;
  policy: string;
  tenant: string | null;
  /** Quota in bytes; null when unlimited. */
  sizeBytes: number | null;
  uid: number | null;
  gid: number | null;
  mode: number | null;
  /** RFC 3339, as Docker's VolumeDriver.Get reports CreatedAt. */
  createdAt: string;
}

export type NewVolume = Omit<VolumeRecord, 'createdAt'> & { createdAt?: string };

interface VolumeRow {
  name: string;
  options: string;
  data_path: string;
  policy: string;
  tenant: string | null;
  size_bytes: number | null;
  uid: number | null;
  gid: number | null;
  mode: number | null;
  created_at: string;
}

export class VolumesRepository {
  readonly #insert: Database.Statement;
  readonly #get: Database.Statement<[string], VolumeRow>;
  readonly #list: Database.Statement<[], VolumeRow>;
  readonly #delete: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(
      `INSERT INTO volumes (name, options, data_path, policy, tenant, size_bytes, uid, gid, mode, created_at)
       VALUES (@name, @options, @data_path, @policy, @tenant, @size_bytes, @uid, @gid, @mode, @created_at)`,
    );
    this.#get = db.prepare('SELECT * FROM volumes WHERE name = ?');
    this.#list = db.prepare('SELECT * FROM volumes ORDER BY name');
    this.#delete = db.prepare('DELETE FROM volumes WHERE name = ?');
  }

  /** Conflict when the name or the data path is already used. */
  insert(volume: NewVolume): VolumeRecord {
    const record: VolumeRecord = { ...volume, createdAt: volume.createdAt ?? nowRfc3339() };
    try {
      this.#insert.run(toRow(record));
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw violatedColumns(err).includes('data_path')
          ? conflict(`data path ${record.dataPath} is already used by another volume`, err)
          : conflict(`volume "${record.name}" already exists`, err);
      }
      throw databaseFailure(`save volume "${record.name}"`, err);
    }
    return record;
  }

  get(name: string): VolumeRecord | undefined {
    const row = this.#get.get(name);
    return row && fromRow(row);
  }

  list(): VolumeRecord[] {
    return this.#list.all().map(fromRow);
  }

  /** Conflict while the volume has recorded mounts. False when it did not exist. */
  delete(name: string): boolean {
    try {
      return this.#delete.run(name).changes > 0;
    } catch (err) {
      if (isForeignKeyViolation(err)) throw conflict(`volume "${name}" is still mounted; unmount it first`, err);
      throw databaseFailure(`delete volume "${name}"`, err);
    }
  }
}

function toRow(v: VolumeRecord): VolumeRow {
  return {
    name: v.name,
    options: toJson(v.options),
    data_path: v.dataPath,
    policy: v.policy,
    tenant: v.tenant,
    size_bytes: v.sizeBytes,
    uid: v.uid,
    gid: v.gid,
    mode: v.mode,
    created_at: v.createdAt,
  };
}

function fromRow(row: VolumeRow): VolumeRecord {
  return {
    name: row.name,
    options: fromJson(row.options, `volume "${row.name}"`),
    dataPath: row.data_path,
    policy: row.policy,
    tenant: row.tenant,
    sizeBytes: row.size_bytes,
    uid: row.uid,
    gid: row.gid,
    mode: row.mode,
    createdAt: row.created_at,
  };
}
