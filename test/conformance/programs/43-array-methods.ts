// Array methods: flat/flatMap, includes vs indexOf (NaN), find*, fill,
// copyWithin, reduce/reduceRight, splice, holes, Array.from, default sort.
export function run(): number {
  const holes = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const spliced = [1, 2, 3, 4, 5];
  const removed = spliced.splice(1, 2, 9, 9, 9);
  Host.outputString(
    JSON.stringify({
      flat: [[1, [2, [3, [4]]]].flat(), [1, [2, [3, [4]]]].flat(Infinity), [[1], [], [2, 3]].flat()],
      flatMap: ['a b', 'c'].flatMap((s) => s.split(' ')),
      includes: [[NaN].includes(NaN), [NaN].indexOf(NaN), [-0].includes(0), [1, 2].includes(2, 2)],
      find: [[5, 12, 8].find((x) => x > 6), [5, 12, 8].findIndex((x) => x > 100), [1, 2].find((x) => x > 5)],
      fill: [new Array(4).fill(0, 1, 3), [1, 2, 3, 4, 5].copyWithin(0, 3)],
      reduce: [[1, 2, 3].reduce((a, b) => a * 10 + b), ['a', 'b', 'c'].reduceRight((a, b) => a + b)],
      splice: [spliced, removed],
      holes: [holes.length, 1 in holes, holes.map((x) => (x ?? 0) * 2), Object.keys(holes)],
      from: [Array.from({ length: 3 }, (_, i) => i * i), Array.from('héllo').length, Array.of(7).length],
      defaultSort: [10, 9, 1, 100, -1, undefined, 'b', 'a'].sort(),
      numericSort: [10, 9, 1, 100, -1].sort((a, b) => a - b),
      every: [[].every(() => false), [].some(() => true)],
      joins: [[1, null, undefined, [2, 3]].join('-'), String([1, [2, [3]]])],
      lastIndexOf: [1, 2, 1].lastIndexOf(1),
      reverse: [1, 2, 3].reverse(),
      isArray: [Array.isArray([]), Array.isArray(new Uint8Array(1))],
    }),
  );
  return 0;
}
