import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSize, parseVolumeOptions, validateVolumeName } from '../../../host/drivers/volume';
import { isError } from './helpers';

describe('volume names', () => {
  it('accepts what Docker\'s local driver accepts, up to 255 characters', () => {
    for (const name of ['v1', 'a', 'A.b-c_d', '9', 'x'.repeat(255), 'db..backup']) assert.equal(validateVolumeName(name), name);
  });

  it('refuses separators, traversal, NUL, leading punctuation, empty and overlong names', () => {
    const cases: Array<[string, RegExp]> = [
      ['a/b', /only letters/],
      ['/etc', /only letters/],
      ['..', /only letters/],
      ['../x', /only letters/],
      ['.hidden', /only letters/],
      ['-flag', /only letters/],
      ['a\0b', /only letters/],
      ['a b', /only letters/],
      ['a\nb', /only letters/],
      ['', /empty/],
      ['x'.repeat(256), /256 characters long, the limit is 255/],
    ];
    for (const [name, why] of cases) assert.throws(() => validateVolumeName(name), isError('invalid', why), JSON.stringify(name));
  });

  it('shows a hostile name escaped and shortened in the error', () => {
    assert.throws(() => validateVolumeName('a\0b'), /"a\\u0000b"/);
    assert.throws(() => validateVolumeName(`${'y'.repeat(300)}/`), (e: unknown) => (e as Error).message.length < 300);
  });
});

describe('volume options', () => {
  it('parses sizes with binary units', () => {
    assert.equal(parseSize('8M'), 8 * 1024 ** 2);
    assert.equal(parseSize('8m'), 8 * 1024 ** 2);
    assert.equal(parseSize('1G'), 1024 ** 3);
    assert.equal(parseSize('1.5GiB'), 1.5 * 1024 ** 3);
    assert.equal(parseSize('4096k'), 4 * 1024 ** 2);
    assert.equal(parseSize(String(5 * 1024 ** 2)), 5 * 1024 ** 2);
  });

  it('refuses sizes that are malformed, too small or too large, saying the bounds', () => {
    assert.throws(() => parseSize('abc'), isError('invalid', /size="abc".*examples: size=8M/));
    assert.throws(() => parseSize('-8M'), isError('invalid', /expected a number/));
    assert.throws(() => parseSize('8X'), isError('invalid', /expected a number/));
    assert.throws(() => parseSize(''), isError('invalid', /expected a number/));
    assert.throws(() => parseSize('1M'), isError('invalid', /smallest size is 4M/));
    assert.throws(() => parseSize('17T'), isError('invalid', /largest size is 16T/));
  });

  it('splits host options from the ones a policy must accept', () => {
    const parsed = parseVolumeOptions({ size: '8M', uid: '1000', gid: '0', mode: '0750', policy: 'strict', tenant: 'blue', zeta: '1', alpha: '2' });
    assert.deepEqual(parsed, { sizeBytes: 8 * 1024 ** 2, uid: 1000, gid: 0, mode: 0o750, policy: 'strict', tenant: 'blue', unknown: ['alpha', 'zeta'] });
    assert.deepEqual(parseVolumeOptions({}), { sizeBytes: null, uid: null, gid: null, mode: null, policy: undefined, tenant: undefined, unknown: [] });
    assert.equal(parseVolumeOptions({ mode: '1777' }).mode, 0o1777);
    assert.equal(parseVolumeOptions({ mode: '0o700' }).mode, 0o700);
  });

  it('refuses out-of-range owners and modes', () => {
    for (const [opts, why] of [
      [{ uid: '-1' }, /uid="-1"/],
      [{ uid: '4294967295' }, /uid=.*0 to 4294967294/],
      [{ gid: '1e3' }, /gid="1e3"/],
      [{ mode: '999' }, /mode="999": expected octal/],
      [{ mode: '17777' }, /mode="17777"/],
      [{ mode: 'rwx' }, /mode="rwx"/],
      [{ '': 'x' }, /option name is empty/],
    ] as Array<[Record<string, string>, RegExp]>) {
      assert.throws(() => parseVolumeOptions(opts), isError('invalid', why), JSON.stringify(opts));
    }
  });
});
