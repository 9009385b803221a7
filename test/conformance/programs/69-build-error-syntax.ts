// A syntax error fails the build with the file and line.
export function never(): number {
  const x = ;
  return x;
}
