import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseMountinfo, parseMountinfoLine, unescapeMountField } from '../../../host/linux/mountinfo';

describe('mountinfo', () => {
  it('parses a line with optional fields', () => {
    const m = parseMountinfoLine('36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue');
    assert.deepEqual(m, {
      id: 36,
      parentId: 35,
      device: '98:0',
      root: '/mnt1',
      mountPoint: '/mnt2',
      mountOptions: ['rw', 'noatime'],
      optionalFields: ['master:1', 'shared:7'],
      fsType: 'ext3',
      source: '/dev/root',
      superOptions: ['rw', 'errors=continue'],
    });
  });

  it('parses a line without optional fields', () => {
    const m = parseMountinfoLine('22 1 0:21 / /proc rw,nosuid - proc proc rw');
    assert.deepEqual(m.optionalFields, []);
    assert.equal(m.fsType, 'proc');
  });

  it('decodes octal escapes in paths (space, tab, newline, backslash)', () => {
    assert.equal(unescapeMountField('/a\\040b\\011c\\012d\\134e'), '/a b\tc\nd\\e');
    const m = parseMountinfoLine('90 30 254:1 /src\\040dir /tmp/dst\\040dir rw,relatime shared:1 - ext4 /dev/vda1 rw');
    assert.equal(m.root, '/src dir');
    assert.equal(m.mountPoint, '/tmp/dst dir');
  });

  it('a "-" inside a path does not confuse the separator search', () => {
    const m = parseMountinfoLine('90 30 254:1 / /tmp/a\\040-\\040b rw - ext4 /dev/vda1 rw');
    assert.equal(m.mountPoint, '/tmp/a - b');
    assert.equal(m.source, '/dev/vda1');
  });

  it('skips blank lines and rejects malformed ones', () => {
    assert.equal(parseMountinfo('22 1 0:21 / /proc rw - proc proc rw\n\n').length, 1);
    assert.throws(() => parseMountinfoLine('garbage'), /malformed mountinfo line/);
  });
});
