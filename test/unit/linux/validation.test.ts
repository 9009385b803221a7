import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ifNameProblem, validateIfName } from '../../../host/linux/names';
import { cidrContains, cidrsOverlap, networkOf, parseCidr, parseIp } from '../../../host/linux/addresses';
import { ipBatch } from '../../../host/linux/ip';
import { restoreTable } from '../../../host/linux/iptables';
import { splitRelativePath } from '../../../host/linux/safe-path';
import { Firewall } from '../../../host/linux/firewall';

describe('interface names', () => {
  it('accepts kernel-valid portable names up to 15 bytes', () => {
    for (const ok of ['eth0', 'br-0123456789ab', 'veth1234567', 'a', 'x.y_z-1']) assert.equal(ifNameProblem(ok), undefined, ok);
  });
  it('rejects what the kernel or our tools would misread', () => {
    for (const bad of ['', '.', '..', 'a'.repeat(16), 'é'.repeat(8), 'a/b', 'a b', 'a:b', '-x', 'a\nb', 'a"b', 'a#b', 'a\0']) {
      assert.notEqual(ifNameProblem(bad), undefined, JSON.stringify(bad));
    }
    assert.throws(() => validateIfName('a/b', 'bridge'), /invalid bridge name "a\/b"/);
  });
});

describe('addresses', () => {
  it('parses and canonicalises CIDRs of both families', () => {
    assert.deepEqual(parseCidr('10.0.0.1/24'), { address: '10.0.0.1', prefix: 24, family: 4, text: '10.0.0.1/24' });
    assert.equal(parseCidr('FD00:0:0::1/64').text, 'fd00::1/64');
    assert.equal(networkOf('10.1.2.3/16').text, '10.1.0.0/16');
    assert.equal(networkOf('fd00:1:2:3::9/48').text, 'fd00:1:2::/48');
  });
  it('rejects non-canonical or ambiguous forms', () => {
    for (const bad of ['10.1/8', '0x0a.0.0.1/8', '10.0.0.1/33', 'fd00::/129', 'fe80::1%eth0/64', '10.0.0.1', '10.0.0.1/ 8', '10.0.0.1/24 x']) {
      assert.throws(() => parseCidr(bad), /invalid CIDR/, bad);
    }
    assert.throws(() => parseIp('1.2.3'), /invalid address/);
  });
  it('answers containment and overlap', () => {
    assert.equal(cidrContains('10.0.0.0/8', '10.2.3.4'), true);
    assert.equal(cidrContains('10.0.0.0/8', '11.0.0.1'), false);
    assert.equal(cidrContains('10.0.0.0/8', '::1'), false);
    assert.equal(cidrsOverlap('10.0.0.0/16', '10.0.5.0/24'), true);
    assert.equal(cidrsOverlap('10.0.0.0/24', '10.0.1.0/24'), false);
  });
});

describe('command construction guards', () => {
  it('ipBatch refuses tokens that could split a line or start a new command', async () => {
    for (const bad of ['a\nlink del eth0', 'a b', 'a"', "a'", 'a#b', '']) {
      await assert.rejects(ipBatch([['link', 'show', bad]]), /unsafe token/, JSON.stringify(bad));
    }
  });
  it('restoreTable refuses lines that could inject a COMMIT or a new table', async () => {
    await assert.rejects(restoreTable(4, 'filter', ['-A X -j ACCEPT\nCOMMIT\n*nat']), /unsafe line/);
  });
  it('firewall rejects bad bridges, subnets and prefixes', () => {
    const fw = new Firewall({ prefix: 'WDKUNIT' });
    assert.throws(() => fw.expectedRules({ bridge: 'a b', subnets: [], internal: false }), /invalid bridge name/);
    assert.throws(() => fw.expectedRules({ bridge: 'br0', subnets: ['10.0.0.0'], internal: false }), /invalid subnet/);
    assert.throws(() => new Firewall({ prefix: 'A'.repeat(20) }), /invalid firewall prefix/);
    assert.throws(() => new Firewall({ prefix: 'X', isolateFrom: ['bad name+'] }), /invalid bridge name/);
  });
  it('firewall masquerades each family with its own subnets only', () => {
    const rules = new Firewall({ prefix: 'WDKUNIT' }).expectedRules({ bridge: 'br0', subnets: ['10.1.0.1/24', 'fd00::1/64'], internal: false });
    assert.deepEqual(
      rules.filter((r) => r.table === 'nat').map((r) => `${r.family} ${r.rule}`),
      [
        '4 -A WDKUNIT-POSTROUTING -s 10.1.0.0/24 ! -o br0 -m comment --comment "WDKUNIT:br0" -j MASQUERADE',
        '6 -A WDKUNIT-POSTROUTING -s fd00::/64 ! -o br0 -m comment --comment "WDKUNIT:br0" -j MASQUERADE',
      ],
    );
  });
});

describe('relative volume paths', () => {
  it('splits clean paths and rejects traversal', () => {
    assert.deepEqual(splitRelativePath('a/b/c'), ['a', 'b', 'c']);
    for (const bad of ['../x', 'a/..', '/abs', 'a\0', '', 'a//b', 'x/', '.', 'a'.repeat(256)]) {
      assert.throws(() => splitRelativePath(bad), /invalid relative path/, JSON.stringify(bad));
    }
  });
});

describe('firewall rule sets (golden)', () => {
  const fw = new Firewall({ prefix: 'WDKG' });
  const lines = (internal: boolean) =>
    fw
      .expectedRules({ bridge: 'br0', subnets: ['10.9.0.0/24'], internal })
      .filter((r) => r.family === 4)
      .map((r) => `${r.table} ${r.rule.replaceAll(' -m comment --comment "WDKG:br0"', ' #')}`);

  it('non-internal network', () => {
    assert.deepEqual(lines(false), [
      'filter -A WDKG-FORWARD -i br0 -o br0 # -j ACCEPT',
      'filter -A WDKG-FORWARD -i br0 ! -o br0 # -j WDKG-ISOLATION',
      'filter -A WDKG-FORWARD -i br0 ! -o br0 # -j ACCEPT',
      'filter -A WDKG-FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED # -j ACCEPT',
      'filter -A WDKG-FORWARD -o br0 # -j DROP',
      'filter -A WDKG-ISOLATION -o br0 # -j DROP',
      'nat -A WDKG-POSTROUTING -s 10.9.0.0/24 ! -o br0 # -j MASQUERADE',
    ]);
  });

  it('internal network', () => {
    assert.deepEqual(lines(true), [
      'filter -A WDKG-FORWARD -i br0 -o br0 # -j ACCEPT',
      'filter -A WDKG-FORWARD -i br0 ! -o br0 # -j DROP',
      'filter -A WDKG-FORWARD -o br0 # -j DROP',
      'filter -A WDKG-ISOLATION -o br0 # -j DROP',
    ]);
  });
});
