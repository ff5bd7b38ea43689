/**
 * The request bodies the API accepts, as zod schemas: they validate requests
 * and (later) generate the OpenAPI document, so the two cannot disagree.
 */
import { z } from 'zod';
import { GENDERS } from '#shared/domain/records';

/** `yyyy-mm-dd`, a date that exists (2025-02-30 does not). */
export const calendarDate = z.iso.date({ error: 'must be a real date written yyyy-mm-dd' });

const email = z
  .email({ error: 'must be an email address' })
  .max(254)
  .transform((value) => value.toLowerCase());

const text = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

export const newChildSchema = z.strictObject({
  reference: text(64).regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, {
    error: 'must be the case reference: letters, digits and / _ . -',
  }),
  givenName: text(100),
  familyName: text(100),
  dateOfBirth: calendarDate,
  gender: z.enum(GENDERS, { error: `must be one of ${GENDERS.join(', ')}` }),
  iroEmail: email,
  teamName: text(100),
  teamManagerEmail: email,
});
export type NewChild = z.output<typeof newChildSchema>;
