/**
 * The IRO directory through the real API (the local stand-in for API
 * Gateway, the API function, DynamoDB Local): an admin adds an IRO (201) and
 * replaces their entry (200), keeping who did it and when; service managers
 * and admins list it by email; a bad entry is refused with a 400 naming the
 * field and its reason, and writes nothing; no other role may do either.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, expectRefusal, expectServiceError, IRO_ONE, NORTH_MANAGER, type Person, SERVICE_MANAGER, useApi } from './harness';

/** A full-time IRO who started in April 2023. */
const AN_ENTRY = { name: 'Avery Stone', fte: 1, activeFrom: '2023-04-01' };

/** The reason a 400 gives for a field. */
const reasonFor = (body: { error: { problems: { field: string; reason: string }[] } }, field: string) =>
  body.error.problems.find((problem) => problem.field === field)?.reason;

describe('the IRO directory', () => {
  const api = useApi();
  const put = (as: Person, email: string, body: unknown) => api.send('PUT', `/iros/${encodeURIComponent(email)}`, { as, body });

  describe('PUT /iros/{email}', () => {
    it('adds an IRO new to the directory with 201, answering the entry with who put it and when', async () => {
      const before = new Date().toISOString();

      const answer = await put(ADMIN, 'iro.new@example.org', { name: 'Blake Moss', fte: 0.6, activeFrom: '2024-09-02' });

      expect(answer.status, answer.text).toBe(201);
      expect(answer.body).toEqual({
        email: 'iro.new@example.org',
        name: 'Blake Moss',
        fte: 0.6,
        activeFrom: '2024-09-02',
        updatedBy: ADMIN.email,
        updatedAt: expect.any(String),
      });
      expect(answer.body.updatedAt >= before).toBe(true);
    });

    it('replaces an existing entry wholly with 200: an end date given, then the name changed and the end date gone', async () => {
      await put(ADMIN, 'iro.leaving@example.org', AN_ENTRY);

      const left = await put(ADMIN, 'iro.leaving@example.org', { ...AN_ENTRY, activeTo: '2024-11-29' });
      const renamed = await put(ADMIN, 'iro.leaving@example.org', { ...AN_ENTRY, name: 'Avery Stone-Hart' });

      expect(left.status, left.text).toBe(200);
      expect(left.body).toMatchObject({ email: 'iro.leaving@example.org', activeTo: '2024-11-29' });
      expect(renamed.status, renamed.text).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Avery Stone-Hart' });
      expect(renamed.body).not.toHaveProperty('activeTo');
    });

    it('lower-cases the email, so that it matches the children’s iroEmail: one entry whatever the case', async () => {
      const first = await put(ADMIN, 'Iro.Mixed@Example.ORG', AN_ENTRY);
      const again = await put(ADMIN, 'iro.mixed@example.org', { ...AN_ENTRY, fte: 0.5 });

      expect(first.status).toBe(201);
      expect(first.body.email).toBe('iro.mixed@example.org');
      expect(again.status).toBe(200);
    });

    it('takes an IRO who worked one day only (activeTo the same day as activeFrom) and full time (fte 1)', async () => {
      const answer = await put(ADMIN, 'iro.oneday@example.org', { name: 'Casey Dunn', fte: 1, activeFrom: '2024-06-03', activeTo: '2024-06-03' });

      expect(answer.status, answer.text).toBe(201);
    });

    const refusals: { what: string; body: unknown; field: string; reason: RegExp }[] = [
      { what: 'an FTE of 0', body: { ...AN_ENTRY, fte: 0 }, field: 'fte', reason: /more than 0/ },
      { what: 'a negative FTE', body: { ...AN_ENTRY, fte: -0.5 }, field: 'fte', reason: /more than 0/ },
      { what: 'an FTE too small to be a post (and to store)', body: { ...AN_ENTRY, fte: 3e-323 }, field: 'fte', reason: /at least 0.01/ },
      { what: 'an FTE over 1 (hours, not a fraction)', body: { ...AN_ENTRY, fte: 37 }, field: 'fte', reason: /at most 1/ },
      { what: 'an FTE given as text', body: { ...AN_ENTRY, fte: '0.6' }, field: 'fte', reason: /must be a number/ },
      { what: 'no FTE', body: { name: 'Avery Stone', activeFrom: '2023-04-01' }, field: 'fte', reason: /./ },
      { what: 'an end before the start', body: { ...AN_ENTRY, activeTo: '2023-03-31' }, field: 'activeTo', reason: /not be before activeFrom/ },
      { what: 'a start that is not a real date', body: { ...AN_ENTRY, activeFrom: '2023-02-30' }, field: 'activeFrom', reason: /real date/ },
      { what: 'an empty name', body: { ...AN_ENTRY, name: '  ' }, field: 'name', reason: /not be empty/ },
      { what: 'no name', body: { fte: 1, activeFrom: '2023-04-01' }, field: 'name', reason: /./ },
      { what: 'a field the entry does not have', body: { ...AN_ENTRY, team: 'North' }, field: 'team', reason: /./ },
    ];
    for (const { what, body, field, reason } of refusals) {
      it(`refuses ${what} with 400 naming ${field} and why, and writes nothing`, async () => {
        const answer = await api.expectNothingWritten(() => put(ADMIN, 'iro.refused@example.org', body));

        expectRefusal(answer, field);
        expect(reasonFor(answer.body, field)).toMatch(reason);
      });
    }

    it('refuses an email that is not an email with 400 naming email, and writes nothing', async () => {
      const answer = await api.expectNothingWritten(() => put(ADMIN, 'not-an-email', AN_ENTRY));

      expectRefusal(answer, 'email');
      expect(reasonFor(answer.body, 'email')).toMatch(/email address/);
    });

    for (const caller of [IRO_ONE, NORTH_MANAGER, SERVICE_MANAGER]) {
      it(`refuses a ${caller.roles[0]} with 403 (even for their own entry), and writes nothing`, async () => {
        const answer = await api.expectNothingWritten(() => put(caller, caller.email, AN_ENTRY));

        expectServiceError(answer, 403, 'forbidden');
      });
    }
  });

  describe('GET /iros', () => {
    it('lists every entry by email to a service manager and an admin alike', async () => {
      for (const email of ['zz.last@example.org', 'aa.first@example.org', 'mm.middle@example.org']) await put(ADMIN, email, AN_ENTRY);
      await put(ADMIN, 'mm.middle@example.org', { ...AN_ENTRY, fte: 0.6, activeTo: '2025-03-31' });

      const [forManager, forAdmin] = [await api.get(SERVICE_MANAGER, '/iros'), await api.get(ADMIN, '/iros')];

      expect(forManager.status).toBe(200);
      expect(forAdmin.body).toEqual(forManager.body);
      const emails: string[] = forManager.body.iros.map((entry: { email: string }) => entry.email);
      expect(emails).toEqual([...emails].sort());
      expect(emails).toEqual(expect.arrayContaining(['aa.first@example.org', 'mm.middle@example.org', 'zz.last@example.org']));
      expect(forManager.body.iros.find((entry: { email: string }) => entry.email === 'mm.middle@example.org')).toEqual({
        email: 'mm.middle@example.org',
        ...AN_ENTRY,
        fte: 0.6,
        activeTo: '2025-03-31',
        updatedBy: ADMIN.email,
        updatedAt: expect.any(String),
      });
    });

    for (const caller of [IRO_ONE, NORTH_MANAGER]) {
      it(`refuses a ${caller.roles[0]} with 403`, async () => {
        expectServiceError(await api.get(caller, '/iros'), 403, 'forbidden');
      });
    }
  });
});
