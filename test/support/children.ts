/**
 * The one child the tests build: a profile as the case system knows them, and
 * the few shapes other tests need made from it (the body a client posts, the
 * child as the store holds it). Every field's value is written here alone.
 */
import { randomUUID } from 'node:crypto';
import type { Child } from '#shared/domain/records';
import type { StoredChild } from '#shared/store/ports';

let referenceCounter = 0;

/**
 * A case reference no other call has had, in this process or in any other
 * test process running at once: the process id, the time and a count.
 */
function aNewReference(): string {
  referenceCounter += 1;
  return `C-${process.pid}-${Date.now()}-${referenceCounter}`;
}

/** IRO one's child in the north team: a new id and case reference each time, anything else as `overrides` say. */
export function aChild(overrides: Partial<Child> = {}): Child {
  return {
    childId: randomUUID(),
    reference: aNewReference(),
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

/**
 * A body for POST /children: {@link aChild}'s profile without its id (the API
 * gives one). `overrides` may be anything a client could send, valid or not.
 */
export function aChildBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { childId: _givenByTheApi, ...profile } = aChild();
  return { ...profile, ...overrides };
}

/** `child` as the store holds it once it has been created, at `at`: version 1. */
export function asStored(child: Child, at: string): StoredChild {
  return { ...child, createdAt: at, updatedAt: at, version: 1 };
}
