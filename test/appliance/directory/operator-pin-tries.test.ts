import { afterAll, describe, expect, it } from 'vitest';
import { operatorPinLimit } from '../../../appliance/directory/operator-pin-tries.js';
import { failure } from '../../helpers/failure.js';
import { tempDirectory } from './temp-directory.js';

const temp = tempDirectory();
afterAll(() => temp.remove());

describe('wrong PINs per operator and token', () => {
  it('one operator’s share is about half the token’s budget and never all of it', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => [n, operatorPinLimit(n)])).toEqual([[1, 1], [2, 1], [3, 2], [4, 2], [5, 3], [6, 3], [10, 5]]);
  });

  it('attempts are reserved up to the share, then PIN_OPERATOR_LOCKED; per token, per operator; a restart keeps them', async () => {
    const tries = temp.directory.pinTries;
    expect([tries.reserve('op-a', 'tok-1', 3), tries.reserve('op-a', 'tok-1', 3), tries.reserve('op-a', 'tok-1', 3)]).toEqual([2, 1, 0]);
    const spent = await failure(Promise.resolve().then(() => tries.reserve('op-a', 'tok-1', 3)));
    expect({ code: spent.code, status: spent.status }).toEqual({ code: 'PIN_OPERATOR_LOCKED', status: 423 });
    expect(tries.failures('op-a', 'tok-1')).toBe(3);
    // another operator, another token: their own counts
    expect(tries.reserve('op-b', 'tok-1', 3)).toBe(2);
    expect(tries.reserve('op-a', 'tok-2', 3)).toBe(2);
    expect(temp.reopen().pinTries.failures('op-a', 'tok-1')).toBe(3);
  });

  it('a release gives back an attempt that tried no PIN; the right PIN clears the operator; an unblock clears the token', () => {
    const tries = temp.directory.pinTries;
    tries.release('op-b', 'tok-1');
    expect(tries.failures('op-b', 'tok-1')).toBe(0);
    tries.clear('op-a', 'tok-2');
    expect(tries.failures('op-a', 'tok-2')).toBe(0);
    tries.clearToken('tok-1');
    expect(tries.failures('op-a', 'tok-1')).toBe(0);
  });

  it('a token belongs to one organisation at a time', () => {
    const org = temp.directory.organisations.create({ name: '测试局', level: 'province' });
    const other = temp.directory.organisations.create({ name: '另一局', level: 'province' });
    expect(temp.directory.tokens.organisationOf('tok-1')).toBeUndefined();
    temp.directory.tokens.bind('tok-1', org.id, 'admin-1');
    expect(temp.directory.tokens.get('tok-1')).toMatchObject({ organisationId: org.id, boundBy: 'admin-1' });
    temp.directory.tokens.bind('tok-1', other.id, 'admin-2');
    expect(temp.directory.tokens.organisationOf('tok-1')).toBe(other.id);
  });
});
