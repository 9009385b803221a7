import type Database from 'better-sqlite3';
import { conflict } from '../errors';
import { databaseFailure, isUniqueViolation, violatedColumns } from './sqlite-errors';
import { fromFlag, fromJson, nowRfc3339, toFlag, toJson } from './columns';

export interface NetworkRecord {
  networkId: string;
  options: Record<string, unknown>;
  /** Docker's IPv4Data / IPv6Data arrays, kept as received. */
  ipv4Data: unknown[];
  ipv6Data: unknown[];
  bridgeName: string;
  policy: string;
  tenant: string | null;
  internal: boolean;
  mtu: number | null;
  createdAt: string;
}

export type NewNetwork = Omit<NetworkRecord, 'createdAt'> & { createdAt?: string };

interface NetworkRow {
  network_id: string;
  options: string;
  ipv4_data: string;
  ipv6_data: string;
  bridge_name: string;
  policy: string;
  tenant: string | null;
  internal: number;
  mtu: number | null;
  created_at: string;
}

export class NetworksRepository {
  readonly #insert: Database.Statement;
  readonly #get: Database.Statement<[string], NetworkRow>;
  readonly #byBridge: Database.Statement<[string], NetworkRow>;
  readonly #list: Database.Statement<[], NetworkRow>;
  readonly #delete: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(
      `INSERT INTO networks (network_id, options, ipv4_data, ipv6_data, bridge_name, policy, tenant, internal, mtu, created_at)
       VALUES (@network_id, @options, @ipv4_data, @ipv6_data, @bridge_name, @policy, @tenant, @internal, @mtu, @created_at)`,
    );
    this.#get = db.prepare('SELECT * FROM networks WHERE network_id = ?');
    this.#byBridge = db.prepare('SELECT * FROM networks WHERE bridge_name = ?');
    this.#list = db.prepare('SELECT * FROM networks ORDER BY created_at, network_id');
    this.#delete = db.prepare('DELETE FROM networks WHERE network_id = ?');
  }

  /** Conflict when the id or the bridge name is already used. */
  insert(network: NewNetwork): NetworkRecord {
    const record: NetworkRecord = { ...network, createdAt: network.createdAt ?? nowRfc3339() };
    try {
      this.#insert.run(toRow(record));
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw violatedColumns(err).includes('bridge_name')
          ? conflict(`bridge name "${record.bridgeName}" is already used by another network`, err)
          : conflict(`network ${record.networkId} already exists`, err);
      }
      throw databaseFailure(`save network ${record.networkId}`, err);
    }
    return record;
  }

  get(networkId: string): NetworkRecord | undefined {
    const row = this.#get.get(networkId);
    return row && fromRow(row);
  }

  getByBridge(bridgeName: string): NetworkRecord | undefined {
    const row = this.#byBridge.get(bridgeName);
    return row && fromRow(row);
  }

  list(): NetworkRecord[] {
    return this.#list.all().map(fromRow);
  }

  /** Also deletes the network's endpoints. False when it did not exist. */
  delete(networkId: string): boolean {
    try {
      return this.#delete.run(networkId).changes > 0;
    } catch (err) {
      throw databaseFailure(`delete network ${networkId}`, err);
    }
  }
}

function toRow(n: NetworkRecord): NetworkRow {
  return {
    network_id: n.networkId,
    options: toJson(n.options),
    ipv4_data: toJson(n.ipv4Data),
    ipv6_data: toJson(n.ipv6Data),
    bridge_name: n.bridgeName,
    policy: n.policy,
    tenant: n.tenant,
    internal: toFlag(n.internal),
    mtu: n.mtu,
    created_at: n.createdAt,
  };
}

function fromRow(row: NetworkRow): NetworkRecord {
  const where = `network ${row.network_id}`;
  return {
    networkId: row.network_id,
    options: fromJson(row.options, where),
    ipv4Data: fromJson(row.ipv4_data, where),
    ipv6Data: fromJson(row.ipv6_data, where),
    bridgeName: row.bridge_name,
    policy: row.policy,
    tenant: row.tenant,
    internal: fromFlag(row.internal),
    mtu: row.mtu,
    createdAt: row.created_at,
  };
}
