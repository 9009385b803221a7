import type Database from 'better-sqlite3';
import { conflict, invalid, notFound } from '../errors';
import type { AllocationKind } from '../drivers/ipam/allocator-store';
import { databaseFailure, isForeignKeyViolation, isUniqueViolation, sqliteCode } from './sqlite-errors';
import { nowRfc3339 } from './columns';

export interface IpamAllocationRecord {
  poolId: string;
  /** Canonical address text, without prefix. */
  address: string;
  kind: AllocationKind;
  createdAt: string;
}

interface AllocationRow {
  pool_id: string;
  address: string;
  kind: AllocationKind;
  created_at: string;
}

export class IpamAllocationsRepository {
  readonly #insert: Database.Statement<[string, string, string, string]>;
  readonly #get: Database.Statement<[string, string], AllocationRow>;
  readonly #listByPool: Database.Statement<[string], AllocationRow>;
  readonly #countByPool: Database.Statement<[string], { n: number }>;
  readonly #delete: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.#insert = db.prepare('INSERT INTO ipam_allocations (pool_id, address, kind, created_at) VALUES (?, ?, ?, ?)');
    this.#get = db.prepare('SELECT * FROM ipam_allocations WHERE pool_id = ? AND address = ?');
    this.#listByPool = db.prepare('SELECT * FROM ipam_allocations WHERE pool_id = ?');
    this.#countByPool = db.prepare('SELECT count(*) AS n FROM ipam_allocations WHERE pool_id = ?');
    this.#delete = db.prepare('DELETE FROM ipam_allocations WHERE pool_id = ? AND address = ?');
  }

  /** The UNIQUE(pool_id, address) key makes this the O_EXCL step: a second insert is a conflict. */
  insert(poolId: string, address: string, kind: AllocationKind, createdAt = nowRfc3339()): IpamAllocationRecord {
    try {
      this.#insert.run(poolId, address, kind, createdAt);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`address ${address} in pool ${poolId} is already allocated`, err);
      if (isForeignKeyViolation(err)) throw notFound(`pool ${poolId} does not exist`, err);
      if (sqliteCode(err) === 'SQLITE_CONSTRAINT_CHECK') throw invalid(`"${kind}" is not an allocation kind`, err);
      throw databaseFailure(`allocate address ${address} in pool ${poolId}`, err);
    }
    return { poolId, address, kind, createdAt };
  }

  get(poolId: string, address: string): IpamAllocationRecord | undefined {
    const row = this.#get.get(poolId, address);
    return row && fromRow(row);
  }

  /** In no particular order: the allocator sorts by address itself. */
  listByPool(poolId: string): IpamAllocationRecord[] {
    return this.#listByPool.all(poolId).map(fromRow);
  }

  countByPool(poolId: string): number {
    return this.#countByPool.get(poolId)?.n ?? 0;
  }

  /** False when the address was not allocated. */
  delete(poolId: string, address: string): boolean {
    try {
      return this.#delete.run(poolId, address).changes > 0;
    } catch (err) {
      throw databaseFailure(`release address ${address} in pool ${poolId}`, err);
    }
  }
}

function fromRow(row: AllocationRow): IpamAllocationRecord {
  return { poolId: row.pool_id, address: row.address, kind: row.kind, createdAt: row.created_at };
}
