// What the kernel says is mounted, read straight from /proc/self/mountinfo
// (not through the daemon's own parser, which the tests are checking).
import { readFile } from 'node:fs/promises';

/** True when `point` is a mount point (field 5 of a mountinfo line; test paths hold no escaped characters). */
export async function isMountpoint(point: string): Promise<boolean> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  return text.split('\n').some((line) => line.split(' ')[4] === point);
}
