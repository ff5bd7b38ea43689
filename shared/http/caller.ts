/**
 * The one place that reads the caller from the authorizer's claims, in the
 * shape the HTTP API's JWT authorizer (payload 2.0) delivers them.
 */
import { ROLES, type Caller, type Role } from '#shared/domain/access';
import { UnauthorizedError } from '#shared/errors';

/** The signed-in user's token claims as the JWT authorizer passes them on: email, groups and the rest. */
export type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * `cognito:groups` arrives as one string, `"[iro team-manager]"`, when API
 * Gateway flattens the array claim; a locally built event or a future change
 * may send a real array or a JSON array string. All three mean the same.
 */
export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim !== 'string') return [];
  const text = claim.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.filter((g): g is string => typeof g === 'string');
    } catch {
      // Not JSON: API Gateway's bracketed, space-separated form.
    }
    // API Gateway separates with spaces only: a comma is part of a group's name, never a second group.
    return text.slice(1, -1).split(/\s+/).filter(Boolean);
  }
  return text.split(/[\s,]+/).filter(Boolean);
}

const isRole = (group: string): group is Role => (ROLES as readonly string[]).includes(group);

/** The caller named by the claims; throws {@link UnauthorizedError} when there is none. */
export function callerFromClaims(claims: Claims | undefined): Caller {
  const email = claims?.['email'];
  if (typeof email !== 'string' || email.trim() === '') {
    throw new UnauthorizedError('The token names no email.');
  }
  const roles = parseGroups(claims?.['cognito:groups']).filter(isRole);
  return { email: email.trim().toLowerCase(), roles: [...new Set(roles)] };
}
