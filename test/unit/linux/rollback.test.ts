import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withRollback } from '../../../host/linux/rollback';
import { conflict, systemFailure, WasmdriverError } from '../../../host/errors';

describe('withRollback', () => {
  it('undoes completed steps in reverse and says so, keeping the error kind', async () => {
    const undone: string[] = [];
    await assert.rejects(
      withRollback(async (rb) => {
        rb.add('step 1', async () => void undone.push('1'));
        rb.add('step 2', async () => void undone.push('2'));
        throw conflict('failed to create bridge "br0": taken');
      }),
      (e: unknown) => {
        assert.ok(e instanceof WasmdriverError);
        assert.equal(e.kind, 'conflict');
        assert.equal(e.message, 'failed to create bridge "br0": taken; rolled back');
        return true;
      },
    );
    assert.deepEqual(undone, ['2', '1']);
  });

  it('reports undo failures, and still runs the other undos', async () => {
    const undone: string[] = [];
    await assert.rejects(
      withRollback(async (rb) => {
        rb.add('delete link "a"', async () => void undone.push('a'));
        rb.add('delete link "b"', async () => {
          throw systemFailure('busy');
        });
        throw new Error('boom');
      }),
      (e: unknown) => {
        assert.ok(e instanceof WasmdriverError);
        assert.equal(e.kind, 'system');
        assert.equal(e.message, 'boom; failed to roll back: delete link "b": busy');
        return true;
      },
    );
    assert.deepEqual(undone, ['a']);
  });

  it('passes an error through untouched when nothing needed undoing', async () => {
    const original = conflict('x');
    await assert.rejects(withRollback(async () => Promise.reject(original)), (e: unknown) => e === original);
  });

  it('returns the result on success without undoing', async () => {
    let undone = false;
    const r = await withRollback(async (rb) => {
      rb.add('x', async () => void (undone = true));
      return 42;
    });
    assert.equal(r, 42);
    assert.equal(undone, false);
  });
});
