// Volume data paths are compared as plain relative paths: two volumes may
// never share a directory or nest inside each other.
/** True when one path equals or contains the other. */
export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
