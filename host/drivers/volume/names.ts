// Volume names are checked here, before any policy sees them and before any
// path is built from them: Docker checks names only for its own `local`
// driver, so "../x", "a/b" or a NUL would otherwise reach us untouched.
import { invalid } from '../../errors';

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
export const MAX_VOLUME_NAME_LENGTH = 255;

/** Shows a hostile name safely in an error: escaped, and cut short when huge. */
export function quoteName(name: string): string {
  const shown = name.length > 64 ? `${name.slice(0, 64)}...` : name;
  return JSON.stringify(shown);
}

/** Throws `invalid` unless `name` is a volume name wasmvol accepts. */
export function validateVolumeName(name: unknown): string {
  if (typeof name !== 'string') throw invalid(`invalid volume name: expected a string, got ${typeof name}`);
  const why =
    name.length === 0
      ? 'it is empty'
      : name.length > MAX_VOLUME_NAME_LENGTH
        ? `it is ${name.length} characters long, the limit is ${MAX_VOLUME_NAME_LENGTH}`
        : !VOLUME_NAME.test(name)
          ? 'only letters, digits, "_", "." and "-" are allowed, and it must start with a letter or digit'
          : undefined;
  if (why) throw invalid(`invalid volume name ${quoteName(name)}: ${why}`);
  return name;
}
