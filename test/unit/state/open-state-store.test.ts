import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WasmdriverError } from '../../../host/errors';
import { openStateStore, STATE_FILE_NAME } from '../../../host/state/store';
import { SCHEMA_VERSION } from '../../../host/state/migrations';
import { tempStateDir } from './temp-state-dir';

const volume = (name: string) => ({
  name,
  options: { size: '1G' },
  dataPath: `/var/lib/wasmdriver/volumes/${name}`,
  policy: 'default',
  tenant: null,
  sizeBytes: 1 << 30,
  uid: 1000,
  gid: 1000,
  mode: 0o750,
});

test('a new directory gets the current schema, WAL and foreign keys', (t) => {
  const dir = join(tempStateDir(t), 'nested', 'state');
  const store = openStateStore(dir);
  t.after(() => store.close());
  assert.equal(store.file, join(dir, STATE_FILE_NAME));
  store.close();
  const db = new Database(store.file, { readonly: true });
  t.after(() => db.close());
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
  assert.deepEqual(tables, ['endpoints', 'ipam_allocations', 'ipam_pools', 'networks', 'volume_mounts', 'volumes']);
});

test('an existing empty file is migrated from version 0', (t) => {
  const dir = tempStateDir(t);
  writeFileSync(join(dir, STATE_FILE_NAME), '');
  const store = openStateStore(dir);
  t.after(() => store.close());
  assert.deepEqual(store.networks.list(), []);
});

test('state survives close and reopen', (t) => {
  const dir = tempStateDir(t);
  const first = openStateStore(dir);
  const saved = first.volumes.insert(volume('data'));
  first.close();
  const second = openStateStore(dir);
  t.after(() => second.close());
  assert.deepEqual(second.volumes.get('data'), saved);
});

test('a database from a newer wasmdriver is refused and left as it was', (t) => {
  const dir = tempStateDir(t);
  openStateStore(dir).close();
  const file = join(dir, STATE_FILE_NAME);
  const db = new Database(file);
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  const before = readFileSync(file);
  assert.throws(
    () => openStateStore(dir),
    (err: unknown) =>
      err instanceof WasmdriverError &&
      err.kind === 'system' &&
      err.message.includes(file) &&
      err.message.includes(`schema version ${SCHEMA_VERSION + 1}`) &&
      err.message.includes('newer wasmdriver'),
  );
  assert.deepEqual(readFileSync(file), before);
});

test('a file that is not a database is a clear error naming it, and is not touched', (t) => {
  const dir = tempStateDir(t);
  const file = join(dir, STATE_FILE_NAME);
  const garbage = Buffer.alloc(8192);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 31 + 7) & 0xff;
  writeFileSync(file, garbage);
  assert.throws(
    () => openStateStore(dir),
    (err: unknown) =>
      err instanceof WasmdriverError && err.kind === 'system' && err.message.includes(file) && /unreadable/.test(err.message),
  );
  assert.deepEqual(readFileSync(file), garbage);
});

test('a database with a damaged page is a clear error, and is not touched', (t) => {
  const dir = tempStateDir(t);
  const store = openStateStore(dir);
  store.transaction(() => {
    for (let i = 0; i < 200; i++) store.volumes.insert(volume(`v${i}`));
  });
  store.close();
  const file = join(dir, STATE_FILE_NAME);
  const bytes = readFileSync(file);
  assert.ok(bytes.length > 3 * 4096, 'the database spans several pages');
  bytes.fill(0x41, 4096, 3 * 4096);
  writeFileSync(file, bytes);
  assert.throws(
    () => openStateStore(dir),
    (err: unknown) => err instanceof WasmdriverError && err.kind === 'system' && err.message.includes(file),
  );
  assert.deepEqual(readFileSync(file), bytes);
});

test('durability "normal" opens the same schema', (t) => {
  const store = openStateStore(tempStateDir(t), { durability: 'normal' });
  t.after(() => store.close());
  assert.deepEqual(store.volumes.list(), []);
});
