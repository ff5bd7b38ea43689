/**
 * Who may see and change which child. Pure: the caller comes from the
 * authorizer's claims (see `shared/http/caller.ts`), the child from the store.
 */
import type { Child } from './records';

export const ROLES = ['iro', 'team-manager', 'service-manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The person making a request, as their token names them. */
export interface Caller {
  /** Lower-cased, so that it compares equal to the stored emails. */
  email: string;
  roles: readonly Role[];
}

const hasRole = (caller: Caller, role: Role): boolean => caller.roles.includes(role);

/**
 * Whether the caller may read the child: an IRO their allocated children, a
 * team manager their team's, a service manager and an admin everyone.
 */
export function canReadChild(caller: Caller, child: Pick<Child, 'iroEmail' | 'teamManagerEmail'>): boolean {
  if (hasRole(caller, 'admin') || hasRole(caller, 'service-manager')) return true;
  if (hasRole(caller, 'iro') && child.iroEmail === caller.email) return true;
  return hasRole(caller, 'team-manager') && child.teamManagerEmail === caller.email;
}

/** Whether the caller may write the child's records: their IRO, or an admin. */
export function canWriteChild(caller: Caller, child: Pick<Child, 'iroEmail'>): boolean {
  if (hasRole(caller, 'admin')) return true;
  return hasRole(caller, 'iro') && child.iroEmail === caller.email;
}
