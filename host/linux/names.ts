// Interface names reach `ip` and /proc/sys paths, so they are checked against
// the kernel's rules (dev_valid_name: < IFNAMSIZ bytes, not "." or "..", no
// '/', ':' or whitespace) and, more strictly, against a portable charset that
// cannot start with '-' (an option to a tool) nor carry quoting characters.
import { invalid } from '../errors';

/** IFNAMSIZ is 16 including the terminating NUL. */
export const MAX_IFNAME_BYTES = 15;

const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Returns why `name` is not a usable interface name, or undefined if it is. */
export function ifNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'is not a string';
  if (name === '') return 'is empty';
  if (Buffer.byteLength(name, 'utf8') > MAX_IFNAME_BYTES) return `is longer than ${MAX_IFNAME_BYTES} bytes`;
  if (name === '.' || name === '..') return 'is reserved';
  if (!IFNAME.test(name)) return 'may only contain letters, digits, "_", "." and "-", and must start with a letter or digit';
  return undefined;
}

export function isValidIfName(name: unknown): name is string {
  return ifNameProblem(name) === undefined;
}

/** Throws `invalid` naming the role (`bridge`, `interface`...) and the reason. */
export function validateIfName(name: unknown, role = 'interface'): string {
  const problem = ifNameProblem(name);
  if (problem !== undefined) throw invalid(`invalid ${role} name ${JSON.stringify(name)}: ${problem}`);
  return name as string;
}

export const validateBridgeName = (name: unknown): string => validateIfName(name, 'bridge');
