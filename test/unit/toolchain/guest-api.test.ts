// The js-pdk surface, as policy authors use it.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Plugin } from '@extism/extism';
import { buildSource, callError, callText, load, type Built } from './helpers';

const GUEST = `
class Counter { #n = 0; inc() { return ++this.#n; } }
const counter = new Counter();
function* gen() { yield 1; yield 2; yield 3; }
export function echo() { Host.outputString(Host.inputString()); }
export function echoBytes() { const b = new Uint8Array(Host.inputBytes()); Host.outputBytes(b.reverse().buffer); }
export function config() { Host.outputString(JSON.stringify([Config.get('a'), Config.get('missing')])); }
export function vars() {
  const n = Number(Var.getString('n') ?? '0') + 1;
  Var.set('n', String(n));
  Var.set('bytes', new Uint8Array([1, 2, n]).buffer);
  const b = new Uint8Array(Var.getBytes('bytes') as ArrayBuffer);
  Var.set('gone', 'x'); Var.set('gone', null as any);
  Host.outputString(JSON.stringify([n, [...b], Var.getString('gone'), Var.getBytes('never')]));
}
export function language() {
  const m = new Map([['a', 1]]); const s = new Set([1, 2, 2]);
  const re = /(?<y>\\d{4})-(?<m>\\d{2})/u.exec('on 2024-05 ok')!;
  const ta = new Float64Array([1.5, 2.5]); const big = 2n ** 70n;
  const sym = Symbol('s'); const o = { [sym]: 1, ...{ x: 1 } };
  const { x, ...rest } = { x: 1, y: 2 };
  const closure = ((k: number) => () => k * 2)(21);
  Host.outputString(JSON.stringify({
    m: m.get('a'), s: s.size, y: re.groups!.y, ta: [...ta], big: big.toString(), gen: [...gen()],
    cls: [counter.inc(), counter.inc()], closure: closure(), rest, x, opt: (null as any)?.a ?? 'dflt',
    date: new Date(0).toISOString(), sort: [3, 1, 2].sort(), json: JSON.parse('{"a":[1,{"b":null}]}'),
    str: 'abc'.padStart(5, '-') + 'x'.repeat(3), math: Math.max(1, 2), o: o.x,
  }));
}
export async function asyncFn() { const v = await Promise.resolve(40); const w = await new Promise<number>((r) => r(2)); Host.outputString(String(v + w)); }
export function throws() { throw new TypeError('bad input: ' + Host.inputString()); }
export function throwsString() { throw 'plain string'; }
export function text() {
  const e = new TextEncoder().encode('h\\u00e9\\ud83d\\ude00\\ud800');
  const d = new TextDecoder().decode(new Uint8Array([0x68, 0xc3, 0xa9, 0xff, 0xf0, 0x9f, 0x98, 0x80]));
  let fatal = 'no';
  try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); } catch (err) { fatal = 'threw'; }
  Host.outputString(JSON.stringify([[...e], d, fatal, new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))]));
}
export function memory() {
  const h = Memory.fromString('héllo');
  const j = Memory.fromJsonObject({ a: 1 });
  const u = Memory.allocUInt32(7);
  const f = Memory.find(h.offset);
  const out = [h.len, f.readString(), j.readJsonObject().a, u.readUInt32(), Memory.allocUInt64(2n ** 40n).readUInt64().toString(), Memory.allocFloat64(1.25).readFloat64(), new Uint8Array(Memory.fromBuffer(new Uint8Array([9, 8]).buffer).readBytes())[1]];
  h.free();
  Host.outputString(JSON.stringify(out));
}
export function logs() { console.log('info', { a: 1 }); console.debug('dbg'); console.warn('careful'); console.error(new Error('bad')); Host.outputString('ok'); }
export function hostFns() {
  const { add, greet } = Host.getFunctions() as any;
  const mem = Memory.fromString('policy');
  const r = Memory.find(greet(mem.offset)).readString();
  Host.outputString(JSON.stringify([add(2, 40), r]));
}
export function returnsCode() { return 0; }
`;
const IFACE = `
declare module 'main' { export function echo(): I32; }
declare module 'extism:host' {
  interface user {
    add(a: I32, b: I32): I32;
    greet(p: PTR): PTR;
  }
}
`;

let built: Built;
let plugin: Plugin;
const logs: [string, string][] = [];
before(async () => {
  built = await buildSource(GUEST, IFACE);
  const logger = {
    info: (m: string) => logs.push(['info', m]),
    debug: (m: string) => logs.push(['debug', m]),
    warn: (m: string) => logs.push(['warn', m]),
    error: (m: string) => logs.push(['error', m]),
    trace: (m: string) => logs.push(['trace', m]),
  } as unknown as Console;
  plugin = await load(built.wasm, {
    config: { a: 'A' },
    logger,
    functions: {
      'extism:host/user': {
        add: (_cp: unknown, a: number, b: number) => a + b,
        greet: (cp: any, off: bigint) => cp.store(`hello ${cp.read(off).text()}`),
      },
    },
  });
});

test('Host input and output, as text and bytes', async () => {
  assert.equal(await callText(plugin, 'echo', 'héllo {"a":1}'), 'héllo {"a":1}');
  const out = await plugin.call('echoBytes', new Uint8Array([1, 2, 3]));
  assert.deepEqual([...out!.bytes()], [3, 2, 1]);
});

test('Config.get returns the value or null', async () => {
  assert.equal(await callText(plugin, 'config'), '["A",null]');
});

test('Var keeps state across calls on one instance', async () => {
  assert.equal(await callText(plugin, 'vars'), '[1,[1,2,1],null,null]');
  assert.equal(await callText(plugin, 'vars'), '[2,[1,2,2],null,null]');
});

test('ES2020 language features', async () => {
  const r = JSON.parse(await callText(plugin, 'language'));
  assert.deepEqual(r, {
    m: 1, s: 2, y: '2024', ta: [1.5, 2.5], big: (2n ** 70n).toString(), gen: [1, 2, 3], cls: [1, 2], closure: 42,
    rest: { y: 2 }, x: 1, opt: 'dflt', date: '1970-01-01T00:00:00.000Z', sort: [1, 2, 3], json: { a: [1, { b: null }] },
    str: '--abcxxx', math: 2, o: 1,
  });
});

test('an export returning a promise resolves before the call returns', async () => {
  assert.equal(await callText(plugin, 'asyncFn'), '42');
});

test('exceptions reach the host as Extism errors with their message', async () => {
  assert.equal(await callError(plugin, 'throws', 'x'), 'Plugin-originated error: TypeError: bad input: x');
  assert.equal(await callError(plugin, 'throwsString'), 'Plugin-originated error: plain string');
  assert.equal(await callText(plugin, 'echo', 'still fine'), 'still fine');
});

test('TextEncoder and TextDecoder follow WHATWG for UTF-8', async () => {
  const [enc, dec, fatal, bom] = JSON.parse(await callText(plugin, 'text'));
  assert.deepEqual(enc, [...new TextEncoder().encode('h\u00e9\ud83d\ude00\ud800')]);
  assert.equal(dec, new TextDecoder().decode(new Uint8Array([0x68, 0xc3, 0xa9, 0xff, 0xf0, 0x9f, 0x98, 0x80])));
  assert.equal(fatal, 'threw');
  assert.equal(bom, 'A');
});

test('Memory handles round-trip through Extism memory', async () => {
  assert.equal(await callText(plugin, 'memory'), JSON.stringify([6, 'héllo', 1, 7, String(2 ** 40), 1.25, 8]));
});

test('console methods map to Extism log levels', async () => {
  logs.length = 0;
  assert.equal(await callText(plugin, 'logs'), 'ok');
  assert.deepEqual(logs.slice(0, 3), [['info', 'info {"a":1}'], ['debug', 'dbg'], ['warn', 'careful']]);
  assert.equal(logs[3]![0], 'error');
  assert.match(logs[3]![1], /^Error: bad/);
});

test('declared host functions are imports of extism:host/user, callable via Host.getFunctions()', async () => {
  assert.equal(await callText(plugin, 'hostFns'), '[42,"hello policy"]');
  const mod = new WebAssembly.Module(built.wasm);
  const user = WebAssembly.Module.imports(mod).filter((i) => i.module === 'extism:host/user');
  assert.deepEqual(user.map((i) => i.name), ['add', 'greet']);
  assert.deepEqual(built.hostFunctions, [
    { name: 'add', params: ['I32', 'I32'], result: 'I32' },
    { name: 'greet', params: ['PTR'], result: 'PTR' },
  ]);
});
