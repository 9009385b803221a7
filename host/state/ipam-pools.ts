import type Database from 'better-sqlite3';
import { conflict } from '../errors';
import { databaseFailure, isUniqueViolation, sqliteCode, violatedColumns } from './sqlite-errors';
import { fromFlag, fromJson, nowRfc3339, toFlag, toJson } from './columns';

export interface IpamPoolRecord {
  poolId: string;
  addressSpace: string;
  /** Canonical pool CIDR. */
  cidr: string;
  subPool: string | null;
  v6: boolean;
  options: Record<string, string>;
  policy: string;
  tenant: string | null;
  /** How many RequestPool calls hold this pool; ReleasePool lowers it. */
  refcount: number;
  /** Canonical form of the RequestPool arguments: identical requests get the same pool. */
  requestKey: string;
  createdAt: string;
}

export type NewIpamPool = Omit<IpamPoolRecord, 'createdAt' | 'refcount'> & { refcount?: number; createdAt?: string };

interface IpamPoolRow {
  pool_id: string;
  address_space: string;
  cidr: string;
  sub_pool: string | null;
  v6: number;
  options: string;
  policy: string;
  tenant: string | null;
  refcount: number;
  request_key: string;
  created_at: string;
}

export class IpamPoolsRepository {
  readonly #insert: Database.Statement;
  readonly #get: Database.Statement<[string], IpamPoolRow>;
  readonly #byRequestKey: Database.Statement<[string], IpamPoolRow>;
  readonly #list: Database.Statement<[], IpamPoolRow>;
  readonly #addRefs: Database.Statement<[number, string], { refcount: number }>;
  readonly #delete: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(
      `INSERT INTO ipam_pools (pool_id, address_space, cidr, sub_pool, v6, options, policy, tenant, refcount, request_key, created_at)
       VALUES (@pool_id, @address_space, @cidr, @sub_pool, @v6, @options, @policy, @tenant, @refcount, @request_key, @created_at)`,
    );
    this.#get = db.prepare('SELECT * FROM ipam_pools WHERE pool_id = ?');
    this.#byRequestKey = db.prepare('SELECT * FROM ipam_pools WHERE request_key = ?');
    this.#list = db.prepare('SELECT * FROM ipam_pools ORDER BY created_at, pool_id');
    this.#addRefs = db.prepare('UPDATE ipam_pools SET refcount = refcount + ? WHERE pool_id = ? RETURNING refcount');
    this.#delete = db.prepare('DELETE FROM ipam_pools WHERE pool_id = ?');
  }

  /** Conflict when the id, request key or (address space, CIDR) is already used. Refcount starts at 1. */
  insert(pool: NewIpamPool): IpamPoolRecord {
    const record: IpamPoolRecord = { ...pool, refcount: pool.refcount ?? 1, createdAt: pool.createdAt ?? nowRfc3339() };
    try {
      this.#insert.run(toRow(record));
    } catch (err) {
      if (isUniqueViolation(err)) {
        const columns = violatedColumns(err);
        if (columns.includes('cidr')) {
          throw conflict(`pool ${record.cidr} is already allocated in address space ${record.addressSpace}`, err);
        }
        if (columns.includes('request_key')) throw conflict(`an identical pool request is already recorded`, err);
        throw conflict(`pool ${record.poolId} already exists`, err);
      }
      throw databaseFailure(`save pool ${record.poolId}`, err);
    }
    return record;
  }

  get(poolId: string): IpamPoolRecord | undefined {
    const row = this.#get.get(poolId);
    return row && fromRow(row);
  }

  getByRequestKey(requestKey: string): IpamPoolRecord | undefined {
    const row = this.#byRequestKey.get(requestKey);
    return row && fromRow(row);
  }

  list(): IpamPoolRecord[] {
    return this.#list.all().map(fromRow);
  }

  /**
   * Adds `delta` (may be negative) to the refcount and returns the new value,
   * or undefined when the pool does not exist. Refuses to go below zero.
   */
  addReferences(poolId: string, delta: number): number | undefined {
    try {
      return this.#addRefs.get(delta, poolId)?.refcount;
    } catch (err) {
      if (sqliteCode(err) === 'SQLITE_CONSTRAINT_CHECK') {
        throw conflict(`pool ${poolId} has fewer than ${-delta} references to release`, err);
      }
      throw databaseFailure(`change the reference count of pool ${poolId}`, err);
    }
  }

  /** Also deletes the pool's address allocations. False when it did not exist. */
  delete(poolId: string): boolean {
    try {
      return this.#delete.run(poolId).changes > 0;
    } catch (err) {
      throw databaseFailure(`delete pool ${poolId}`, err);
    }
  }
}

function toRow(p: IpamPoolRecord): IpamPoolRow {
  return {
    pool_id: p.poolId,
    address_space: p.addressSpace,
    cidr: p.cidr,
    sub_pool: p.subPool,
    v6: toFlag(p.v6),
    options: toJson(p.options),
    policy: p.policy,
    tenant: p.tenant,
    refcount: p.refcount,
    request_key: p.requestKey,
    created_at: p.createdAt,
  };
}

function fromRow(row: IpamPoolRow): IpamPoolRecord {
  return {
    poolId: row.pool_id,
    addressSpace: row.address_space,
    cidr: row.cidr,
    subPool: row.sub_pool,
    v6: fromFlag(row.v6),
    options: fromJson(row.options, `pool ${row.pool_id}`),
    policy: row.policy,
    tenant: row.tenant,
    refcount: row.refcount,
    requestKey: row.request_key,
    createdAt: row.created_at,
  };
}
