// The daemon's persistent state: one SQLite file, one repository per table.
// Each change is one transaction, committed (fsynced with durability "full")
// before the caller answers Docker.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createStateDirectory, openDatabase, type Durability } from './database';
import { EndpointsRepository } from './endpoints';
import { IpamAllocationsRepository } from './ipam-allocations';
import { IpamPoolsRepository } from './ipam-pools';
import { NetworksRepository } from './networks';
import { TransactionRunner, type CommitDurability } from './transactions';
import { VolumeMountsRepository } from './volume-mounts';
import { VolumesRepository } from './volumes';

export type { Durability } from './database';

export const STATE_FILE_NAME = 'wasmdriver.db';

export interface StateStoreOptions {
  /** "full" (default) fsyncs every commit; "normal" may lose the last commits on power loss (tests, benchmarks). */
  durability?: Durability;
}

export interface StateStore {
  /** Path of the database file. */
  readonly file: string;
  readonly networks: NetworksRepository;
  readonly endpoints: EndpointsRepository;
  readonly ipamPools: IpamPoolsRepository;
  readonly ipamAllocations: IpamAllocationsRepository;
  readonly volumes: VolumesRepository;
  readonly volumeMounts: VolumeMountsRepository;
  /**
   * Runs `fn` (synchronous) in one transaction; a throw rolls everything
   * back. Nests as savepoints. `durability: 'process'` relaxes the fsync of
   * this commit for rows a power loss makes moot (see CommitDurability).
   */
  transaction<T>(fn: () => T, opts?: { durability?: CommitDurability }): T;
  /** Runs `fn` after the current transaction commits (at once when none is open); dropped on rollback. */
  afterCommit(fn: () => void): void;
  close(): void;
}

export function openStateStore(dir: string, opts: StateStoreOptions = {}): StateStore {
  createStateDirectory(dir);
  const file = join(dir, STATE_FILE_NAME);
  const db = openDatabase(file, opts.durability ?? 'full');
  return new SqliteStateStore(file, db, opts.durability === 'normal' ? 'process' : 'full');
}

class SqliteStateStore implements StateStore {
  readonly networks: NetworksRepository;
  readonly endpoints: EndpointsRepository;
  readonly ipamPools: IpamPoolsRepository;
  readonly ipamAllocations: IpamAllocationsRepository;
  readonly volumes: VolumesRepository;
  readonly volumeMounts: VolumeMountsRepository;
  readonly #transactions: TransactionRunner;

  constructor(
    readonly file: string,
    private readonly db: Database.Database,
    durability: CommitDurability,
  ) {
    this.networks = new NetworksRepository(db);
    this.endpoints = new EndpointsRepository(db);
    this.ipamPools = new IpamPoolsRepository(db);
    this.ipamAllocations = new IpamAllocationsRepository(db);
    this.volumes = new VolumesRepository(db);
    this.volumeMounts = new VolumeMountsRepository(db);
    this.#transactions = new TransactionRunner(db, durability);
  }

  transaction<T>(fn: () => T, opts: { durability?: CommitDurability } = {}): T {
    return this.#transactions.run(fn, opts.durability);
  }

  afterCommit(fn: () => void): void {
    this.#transactions.afterCommit(fn);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
