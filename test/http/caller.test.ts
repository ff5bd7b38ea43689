import { describe, expect, it } from 'vitest';
import { callerFromClaims, parseGroups } from '#shared/http/caller';
import { UnauthorizedError } from '#shared/errors';

describe('parseGroups', () => {
  it('reads API Gateway’s flattened form, space separated in brackets', () => {
    expect(parseGroups('[iro team-manager]')).toEqual(['iro', 'team-manager']);
  });

  it('never reads a comma in a bracketed group name as a second group', () => {
    expect(parseGroups('[x,admin iro]')).toEqual(['x,admin', 'iro']);
  });

  it('reads a real array and a JSON array string alike', () => {
    expect(parseGroups(['iro', 'admin'])).toEqual(['iro', 'admin']);
    expect(parseGroups('["iro","admin"]')).toEqual(['iro', 'admin']);
  });

  it('reads a single bare group and nothing from an empty or missing claim', () => {
    expect(parseGroups('admin')).toEqual(['admin']);
    expect(parseGroups('[]')).toEqual([]);
    expect(parseGroups(undefined)).toEqual([]);
  });
});

describe('callerFromClaims', () => {
  it('lower-cases the email and keeps only the service’s roles', () => {
    const caller = callerFromClaims({ email: 'IRO.One@Example.org', 'cognito:groups': '[iro finance]' });
    expect(caller).toEqual({ email: 'iro.one@example.org', roles: ['iro'] });
  });

  it('refuses claims with no email', () => {
    expect(() => callerFromClaims({ 'cognito:groups': '[admin]' })).toThrow(UnauthorizedError);
    expect(() => callerFromClaims(undefined)).toThrow(UnauthorizedError);
  });
});
