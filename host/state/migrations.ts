// Schema history. Each entry moves the database from version i to i + 1
// (PRAGMA user_version); entries are never edited once released, only added.
// STRICT tables make SQLite refuse values of the wrong type instead of
// storing them.

export const MIGRATIONS: readonly string[] = [
  /* 1: initial schema */ `
  CREATE TABLE networks (
    network_id  TEXT PRIMARY KEY,
    options     TEXT NOT NULL,
    ipv4_data   TEXT NOT NULL,
    ipv6_data   TEXT NOT NULL,
    bridge_name TEXT NOT NULL UNIQUE,
    policy      TEXT NOT NULL,
    tenant      TEXT,
    internal    INTEGER NOT NULL CHECK (internal IN (0, 1)),
    mtu         INTEGER CHECK (mtu IS NULL OR mtu > 0),
    created_at  TEXT NOT NULL
  ) STRICT;

  CREATE TABLE endpoints (
    network_id  TEXT NOT NULL REFERENCES networks (network_id) ON DELETE CASCADE,
    endpoint_id TEXT NOT NULL,
    ipv4_cidr   TEXT,
    ipv6_cidr   TEXT,
    mac         TEXT,
    host_ifname TEXT UNIQUE,
    src_name    TEXT,
    dst_prefix  TEXT,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (network_id, endpoint_id)
  ) STRICT;

  CREATE TABLE ipam_pools (
    pool_id       TEXT PRIMARY KEY,
    address_space TEXT NOT NULL,
    cidr          TEXT NOT NULL,
    sub_pool      TEXT,
    v6            INTEGER NOT NULL CHECK (v6 IN (0, 1)),
    options       TEXT NOT NULL,
    policy        TEXT NOT NULL,
    tenant        TEXT,
    refcount      INTEGER NOT NULL CHECK (refcount >= 0),
    request_key   TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    UNIQUE (address_space, cidr)
  ) STRICT;

  CREATE TABLE ipam_allocations (
    pool_id    TEXT NOT NULL REFERENCES ipam_pools (pool_id) ON DELETE CASCADE,
    address    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('gateway', 'aux', 'endpoint', 'reserved')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (pool_id, address)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE volumes (
    name       TEXT PRIMARY KEY,
    options    TEXT NOT NULL,
    data_path  TEXT NOT NULL UNIQUE,
    policy     TEXT NOT NULL,
    tenant     TEXT,
    size_bytes INTEGER CHECK (size_bytes IS NULL OR size_bytes >= 0),
    uid        INTEGER,
    gid        INTEGER,
    mode       INTEGER,
    created_at TEXT NOT NULL
  ) STRICT;

  -- RESTRICT, not CASCADE: removing a volume that is still mounted must fail.
  CREATE TABLE volume_mounts (
    volume_name TEXT NOT NULL REFERENCES volumes (name) ON DELETE RESTRICT,
    mount_id    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (volume_name, mount_id)
  ) STRICT, WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
