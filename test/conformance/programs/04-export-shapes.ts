// Exports written in the shapes policy authors use: returning 0, nothing, an
// arrow function, a method of an object assigned to module.exports.
export function returnsZero(): number {
  Host.outputString('zero');
  return 0;
}

export function returnsNothing(): void {
  Host.outputString('nothing');
}

export const arrow = (): number => {
  Host.outputString('arrow');
  return 0;
};

function helper(): string {
  return 'helper';
}

export function callsHelper(): number {
  Host.outputString(helper());
  return 0;
}

// exports are sorted by name; "a" and "z" check names do not get mixed up
export function a(): number {
  Host.outputString('a');
  return 0;
}
export function z(): number {
  Host.outputString('z');
  return 0;
}
