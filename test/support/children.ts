/** A child as a case system knows them, for the store and job tests: its own id and case reference each time. */
import { randomUUID } from 'node:crypto';
import type { Child } from '#shared/domain/records';

export function aChild(overrides: Partial<Child> = {}): Child {
  return {
    childId: randomUUID(),
    reference: `C-${randomUUID().slice(0, 8)}`,
    givenName: 'Ada',
    familyName: 'Lovelace',
    dateOfBirth: '2015-12-10',
    gender: 'female',
    iroEmail: 'iro.one@example.org',
    teamName: 'North Team',
    teamManagerEmail: 'tm.north@example.org',
    ...overrides,
  };
}
