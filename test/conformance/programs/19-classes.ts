// Classes: inheritance, super, static members, accessors, private fields and
// methods (esbuild lowers them for ES2020), instanceof, toString of classes.
class Shape {
  static count = 0;
  #id: number;
  constructor(readonly name: string) {
    this.#id = ++Shape.count;
  }
  get id(): number {
    return this.#id;
  }
  #secret(): string {
    return `#${this.#id}`;
  }
  describe(): string {
    return `${this.name}${this.#secret()} area=${this.area()}`;
  }
  area(): number {
    return 0;
  }
  static isShape(x: unknown): boolean {
    return x instanceof Shape;
  }
}

class Rect extends Shape {
  constructor(private w: number, private h: number) {
    super('rect');
  }
  override area(): number {
    return this.w * this.h;
  }
}

class Square extends Rect {
  constructor(side: number) {
    super(side, side);
  }
  override describe(): string {
    return 'square:' + super.describe();
  }
}

class Temp {
  private c = 0;
  get f(): number {
    return (this.c * 9) / 5 + 32;
  }
  set f(v: number) {
    this.c = ((v - 32) * 5) / 9;
  }
}

export function run(): number {
  Shape.count = 0;
  const shapes = [new Shape('dot'), new Rect(2, 3), new Square(4)];
  const t = new Temp();
  t.f = 212;
  Host.outputString(
    JSON.stringify({
      described: shapes.map((s) => s.describe()),
      ids: shapes.map((s) => s.id),
      instanceOf: [shapes[2] instanceof Rect, shapes[1] instanceof Square, Shape.isShape({})],
      proto: Object.getPrototypeOf(Square) === Rect,
      temp: t.f,
      names: [Shape.name, Square.name, new Square(1).constructor.name],
    }),
  );
  return 0;
}

export function callWithoutNew(): number {
  try {
    (Shape as unknown as () => void)();
    Host.outputString('no error');
  } catch (e) {
    Host.outputString((e as Error).name);
  }
  return 0;
}
