import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemFailure } from '../../../host/errors';
import { call, capturingLogger, networkApp } from './helpers';

test('each call is logged once at debug, with its method and status', async (t) => {
  const { logger, lines } = capturingLogger('debug');
  const { app } = await networkApp(t, { logger });
  await call(app, 'NetworkDriver.DeleteNetwork', { NetworkID: 'n1' });
  const calls = lines().filter((l) => l.msg === 'docker plugin call');
  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.level, 20);
  assert.equal(calls[0]?.call, 'NetworkDriver.DeleteNetwork');
  assert.equal(calls[0]?.statusCode, 200);
  assert.equal(lines().filter((l) => (l.level as number) >= 30).length, 0, 'nothing above debug for a successful call');
});

test('driver failures are logged at error with the error and its kind', async (t) => {
  const { logger, lines } = capturingLogger('info');
  const { app } = await networkApp(t, {
    logger,
    network: {
      deleteNetwork: async () => {
        throw systemFailure('failed to delete bridge "wd-n1": device busy', new Error('EBUSY'));
      },
    },
  });
  await call(app, 'NetworkDriver.DeleteNetwork', { NetworkID: 'n1' });
  const errors = lines().filter((l) => l.level === 50);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.kind, 'system');
  assert.equal(errors[0]?.call, 'NetworkDriver.DeleteNetwork');
  assert.match(String((errors[0]?.err as { message?: string }).message), /device busy/);
});

test('bad requests are logged at warn, not error', async (t) => {
  const { logger, lines } = capturingLogger('info');
  const { app } = await networkApp(t, { logger });
  await call(app, 'NetworkDriver.DeleteNetwork', { NetworkID: 7 });
  await call(app, 'NetworkDriver.DeleteNetwork', '{');
  await call(app, 'NetworkDriver.Nope', {});
  const levels = lines().map((l) => l.level);
  assert.deepEqual(levels, [40, 40, 40]);
});
