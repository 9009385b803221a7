import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLoopbackListen } from '../../../host/config/listen-address';

test('loopback addresses are accepted', () => {
  assert.deepEqual(parseLoopbackListen('127.0.0.1:9323', 'k'), { host: '127.0.0.1', port: 9323 });
  assert.deepEqual(parseLoopbackListen('127.10.0.1:80', 'k'), { host: '127.10.0.1', port: 80 });
  assert.deepEqual(parseLoopbackListen('[::1]:9323', 'k'), { host: '::1', port: 9323 });
});

test('anything reachable from outside, or malformed, is refused with the key named', () => {
  assert.throws(() => parseLoopbackListen('0.0.0.0:9323', '--metrics-listen'), /^Error: --metrics-listen: 0\.0\.0\.0 is not a loopback address/);
  assert.throws(() => parseLoopbackListen('10.1.2.3:9323', 'k'), /not a loopback address/);
  assert.throws(() => parseLoopbackListen('[::]:9323', 'k'), /not a loopback address/);
  assert.throws(() => parseLoopbackListen('localhost:9323', 'k'), /not an IP address/);
  assert.throws(() => parseLoopbackListen('127.0.0.1', 'k'), /not HOST:PORT/);
  assert.throws(() => parseLoopbackListen('127.0.0.1:70000', 'k'), /outside 1-65535/);
});
