import type Database from 'better-sqlite3';
import { conflict, notFound } from '../errors';
import { databaseFailure, isForeignKeyViolation, isUniqueViolation, violatedColumns } from './sqlite-errors';
import { nowRfc3339 } from './columns';

export interface EndpointRecord {
  networkId: string;
  endpointId: string;
  /** Address with prefix, e.g. "10.1.0.5/16". */
  ipv4Cidr: string | null;
  ipv6Cidr: string | null;
  mac: string | null;
  /** Host-side veth name; unique on the host. */
  hostIfname: string | null;
  /** Container-side veth name before Docker moves and renames it. */
  srcName: string | null;
  /** Docker's DstPrefix for the container-side name (e.g. "eth"). */
  dstPrefix: string | null;
  createdAt: string;
}

export type NewEndpoint = Omit<EndpointRecord, 'createdAt'> & { createdAt?: string };

/** Fields that may change after creation (e.g. names chosen at Join). */
export type EndpointPatch = Partial<Pick<EndpointRecord, 'ipv4Cidr' | 'ipv6Cidr' | 'mac' | 'hostIfname' | 'srcName' | 'dstPrefix'>>;

interface EndpointRow {
  network_id: string;
  endpoint_id: string;
  ipv4_cidr: string | null;
  ipv6_cidr: string | null;
  mac: string | null;
  host_ifname: string | null;
  src_name: string | null;
  dst_prefix: string | null;
  created_at: string;
}

export class EndpointsRepository {
  readonly #insert: Database.Statement;
  readonly #update: Database.Statement;
  readonly #get: Database.Statement<[string, string], EndpointRow>;
  readonly #byHostIfname: Database.Statement<[string], EndpointRow>;
  readonly #listByNetwork: Database.Statement<[string], EndpointRow>;
  readonly #list: Database.Statement<[], EndpointRow>;
  readonly #delete: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(
      `INSERT INTO endpoints (network_id, endpoint_id, ipv4_cidr, ipv6_cidr, mac, host_ifname, src_name, dst_prefix, created_at)
       VALUES (@network_id, @endpoint_id, @ipv4_cidr, @ipv6_cidr, @mac, @host_ifname, @src_name, @dst_prefix, @created_at)`,
    );
    this.#update = db.prepare(
      `UPDATE endpoints SET ipv4_cidr = @ipv4_cidr, ipv6_cidr = @ipv6_cidr, mac = @mac, host_ifname = @host_ifname,
         src_name = @src_name, dst_prefix = @dst_prefix
       WHERE network_id = @network_id AND endpoint_id = @endpoint_id`,
    );
    this.#get = db.prepare('SELECT * FROM endpoints WHERE network_id = ? AND endpoint_id = ?');
    this.#byHostIfname = db.prepare('SELECT * FROM endpoints WHERE host_ifname = ?');
    this.#listByNetwork = db.prepare('SELECT * FROM endpoints WHERE network_id = ? ORDER BY created_at, endpoint_id');
    this.#list = db.prepare('SELECT * FROM endpoints ORDER BY network_id, created_at, endpoint_id');
    this.#delete = db.prepare('DELETE FROM endpoints WHERE network_id = ? AND endpoint_id = ?');
  }

  /** Conflict when the endpoint or host interface name exists; notFound when the network does not. */
  insert(endpoint: NewEndpoint): EndpointRecord {
    const record: EndpointRecord = { ...endpoint, createdAt: endpoint.createdAt ?? nowRfc3339() };
    try {
      this.#insert.run(toRow(record));
    } catch (err) {
      throw translate(err, record, 'save');
    }
    return record;
  }

  update(networkId: string, endpointId: string, patch: EndpointPatch): EndpointRecord {
    const current = this.get(networkId, endpointId);
    if (!current) throw notFound(`endpoint ${endpointId} of network ${networkId} does not exist`);
    const record = { ...current, ...patch };
    try {
      this.#update.run(toRow(record));
    } catch (err) {
      throw translate(err, record, 'update');
    }
    return record;
  }

  get(networkId: string, endpointId: string): EndpointRecord | undefined {
    const row = this.#get.get(networkId, endpointId);
    return row && fromRow(row);
  }

  getByHostIfname(hostIfname: string): EndpointRecord | undefined {
    const row = this.#byHostIfname.get(hostIfname);
    return row && fromRow(row);
  }

  listByNetwork(networkId: string): EndpointRecord[] {
    return this.#listByNetwork.all(networkId).map(fromRow);
  }

  list(): EndpointRecord[] {
    return this.#list.all().map(fromRow);
  }

  /** False when it did not exist. */
  delete(networkId: string, endpointId: string): boolean {
    try {
      return this.#delete.run(networkId, endpointId).changes > 0;
    } catch (err) {
      throw databaseFailure(`delete endpoint ${endpointId} of network ${networkId}`, err);
    }
  }
}

function translate(err: unknown, e: EndpointRecord, verb: string): Error {
  if (isUniqueViolation(err)) {
    return violatedColumns(err).includes('host_ifname')
      ? conflict(`host interface name "${e.hostIfname}" is already used by another endpoint`, err)
      : conflict(`endpoint ${e.endpointId} of network ${e.networkId} already exists`, err);
  }
  if (isForeignKeyViolation(err)) return notFound(`network ${e.networkId} does not exist`, err);
  return databaseFailure(`${verb} endpoint ${e.endpointId} of network ${e.networkId}`, err);
}

function toRow(e: EndpointRecord): EndpointRow {
  return {
    network_id: e.networkId,
    endpoint_id: e.endpointId,
    ipv4_cidr: e.ipv4Cidr,
    ipv6_cidr: e.ipv6Cidr,
    mac: e.mac,
    host_ifname: e.hostIfname,
    src_name: e.srcName,
    dst_prefix: e.dstPrefix,
    created_at: e.createdAt,
  };
}

function fromRow(row: EndpointRow): EndpointRecord {
  return {
    networkId: row.network_id,
    endpointId: row.endpoint_id,
    ipv4Cidr: row.ipv4_cidr,
    ipv6Cidr: row.ipv6_cidr,
    mac: row.mac,
    hostIfname: row.host_ifname,
    srcName: row.src_name,
    dstPrefix: row.dst_prefix,
    createdAt: row.created_at,
  };
}
