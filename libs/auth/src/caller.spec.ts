import { describe, expect, it } from '@jest/globals';
import { AuthenticationError, callerFromClaims } from './caller.js';

const base = { sub: 'u1', preferred_username: 'sanne', azp: 'plein-web', sid: 's1' };

describe('caller from verified claims', () => {
  it('reads a caseworker with their organisation', () => {
    expect(
      callerFromClaims({
        ...base,
        realm_access: { roles: ['caseworker', 'offline_access', 'purpose:schuldhulpverlening'] },
        org: '00000001002220647000',
      }),
    ).toEqual({
      subject: 'u1',
      username: 'sanne',
      clientId: 'plein-web',
      roles: ['caseworker'],
      org: '00000001002220647000',
      bsn: null,
      sessionId: 's1',
      purposes: ['schuldhulpverlening'],
      purpose: null,
      actor: null,
    });
  });

  it('reads the purpose and the exchanging app of an exchanged token', () => {
    const exchanged = callerFromClaims({
      ...base,
      azp: 'plein-api',
      realm_access: { roles: ['caseworker'] },
      org: '00000001002220647000',
      purpose: 'schuldhulpverlening',
      act: { sub: 'plein-api' },
    });
    expect(exchanged).toMatchObject({ purpose: 'schuldhulpverlening', actor: 'plein-api', clientId: 'plein-api' });
  });

  it('reads a resident with their BSN', () => {
    expect(callerFromClaims({ ...base, realm_access: { roles: ['resident'] }, bsn: '111222333' })).toMatchObject({
      roles: ['resident'],
      bsn: '111222333',
      org: null,
    });
  });

  it.each([
    ['an organisation role without org', { realm_access: { roles: ['caseworker'] } }, /need an organisation/],
    ['an organisation role with a malformed org', { realm_access: { roles: ['plein-admin'] }, org: '123' }, /need an organisation/],
    ['a resident without bsn', { realm_access: { roles: ['resident'] } }, /valid bsn/],
    ['a resident whose bsn fails the 11-proef', { realm_access: { roles: ['resident'] }, bsn: '123456789' }, /valid bsn/],
  ])('refuses %s', (_name, claims, reason) => {
    expect(() => callerFromClaims({ ...base, ...claims })).toThrow(AuthenticationError);
    expect(() => callerFromClaims({ ...base, ...claims })).toThrow(reason);
  });

  it('refuses a token without a subject', () => {
    expect(() => callerFromClaims({ realm_access: { roles: [] } })).toThrow(/no subject/);
  });

  it('ignores roles the plein does not know', () => {
    expect(callerFromClaims({ ...base, realm_access: { roles: ['uma_authorization', 'superuser'] } }).roles).toEqual([]);
  });
});
