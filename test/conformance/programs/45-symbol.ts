// Symbols: descriptions, registry, well-known symbols, symbol-keyed
// properties (invisible to JSON and Object.keys).
export function run(): number {
  const local = Symbol('local');
  const shared = Symbol.for('app.shared');
  const money = {
    amount: 42,
    [Symbol.toPrimitive](hint: string) {
      return hint === 'number' ? this.amount : `$${this.amount}`;
    },
    get [Symbol.toStringTag]() {
      return 'Money';
    },
  };
  const obj = { [local]: 1, visible: 2 };
  class Even {
    static [Symbol.hasInstance](x: unknown): boolean {
      return typeof x === 'number' && x % 2 === 0;
    }
  }
  let coerce = '';
  try {
    coerce = `${local as unknown as string}`;
  } catch (e) {
    coerce = (e as Error).name;
  }
  Host.outputString(
    JSON.stringify({
      desc: [local.description, Symbol().description ?? 'undefined', local.toString()],
      registry: [Symbol.for('app.shared') === shared, Symbol.keyFor(shared), Symbol.keyFor(local) ?? 'undefined'],
      toPrimitive: [+money, `${money}`, money + ''],
      tag: Object.prototype.toString.call(money),
      keys: [Object.keys(obj), JSON.stringify(obj), Object.getOwnPropertySymbols(obj).length, Reflect.ownKeys(obj).length],
      hasInstance: [(2 as unknown) instanceof Even, (3 as unknown) instanceof Even],
      typeofs: [typeof local, typeof Symbol.iterator],
      coerce,
      unique: Symbol('a') === Symbol('a'),
    }),
  );
  return 0;
}
