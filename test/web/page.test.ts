/**
 * The page's parts that need no browser: its build (the script budget, no
 * inline script or style for the CSP to refuse, no GOV.UK-only font), its
 * routes, the sign-in request it sends to Cognito (the authorization-code
 * flow with a PKCE challenge, built by oidc-client-ts itself), and how it
 * shows, corrects and removes a child's records (the PATCH body from a form's
 * changed answers, the API's problems beside the form's fields), and how it
 * books meetings and records them held or cancelled (the bodies it sends, the
 * late booking's refusal read back).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InMemoryWebStorage, OidcClient } from 'oidc-client-ts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiFor, ApiError } from '../../web/src/api';
import { buildWeb, type BuiltPage } from '../../web/build';
import { parseRoute, hrefOf } from '../../web/src/router';
import { userManagerSettings } from '../../web/src/sign-in-cognito';
import { signedInFrom } from '../../web/src/session';
import type { CognitoSignIn } from '../../web/src/config';
import {
  bookingInWords,
  bookingRequest,
  cancelBody,
  heldBody,
  heldFields,
  isBookable,
  lateMessage,
  lateRefusal,
  suggestedDateInWords,
} from '../../web/src/bookings';
import { datesInWords, longDate } from '../../web/src/format';
import { fieldsFor as iroFieldsFor, fteInWords, iroBody, valuesOf as iroValuesOf } from '../../web/src/iros';
import {
  MEETING_LABELS,
  disputeInWords,
  fieldsFor,
  initialValues,
  newRecordBody,
  newRecordValues,
  recordSummary,
  mayChangeRecords,
  patchBody,
  periodInWords,
  periodsOfCare,
  categoryChangesInWords,
  problemsFor,
  recordInWords,
  recordPath,
  refusalProblems,
  removableAlone,
  removalBody,
  s47InWords,
  REMOVAL_FIELDS,
} from '../../web/src/records';

describe('the built page', () => {
  let outDir: string;
  let built: BuiltPage;

  beforeAll(() => {
    outDir = mkdtempSync(path.join(tmpdir(), 'iro-page-'));
    built = buildWeb(outDir);
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('sends under 200 KB of script, gzipped', () => {
    expect(built.scriptGzipBytes).toBeGreaterThan(10_000);
    expect(built.scriptGzipBytes).toBeLessThan(200 * 1024);
  });

  it('loads only its own files: no inline script or style for the Content-Security-Policy to refuse', () => {
    const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');

    expect(html).toContain(`<script type="module" src="/${built.script}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/${built.stylesheet}">`);
    expect(html.match(/<script\b[^>]*>/g)).toEqual([`<script type="module" src="/${built.script}">`]);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    expect(readdirSync(outDir).sort()).toEqual(['assets', 'index.html', built.script, built.stylesheet].sort());
  });

  it("uses the system font, not GOV.UK's GDS Transport, which is licensed for GOV.UK services only", () => {
    const css = readFileSync(path.join(outDir, built.stylesheet), 'utf8');

    expect(css).not.toContain('GDS Transport');
    expect(css).not.toContain('@font-face');
    expect(css).toMatch(/font-family:\s*arial,\s*sans-serif/);
  });

  it('names its files by their content, so a changed page is a new file CloudFront has never cached', () => {
    const again = buildWeb(outDir);

    expect(again.script).toBe(built.script);
    expect(built.script).toMatch(/^app-[0-9a-f]{12}\.js$/);
    expect(built.stylesheet).toMatch(/^app-[0-9a-f]{12}\.css$/);
  });
});

describe("the page's routes", () => {
  it('reads every route from the hash, and refuses what is not one', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/')).toEqual({ name: 'home' });
    expect(parseRoute('#/timescales')).toEqual({ name: 'timescales' });
    expect(parseRoute('#/children/abc-1')).toEqual({ name: 'child', childId: 'abc-1' });
    expect(parseRoute('#/snapshots')).toEqual({ name: 'snapshots' });
    expect(parseRoute('#/snapshots/2026-11')).toEqual({ name: 'snapshots', month: '2026-11' });
    expect(parseRoute('#/annual/2025')).toEqual({ name: 'annual', year: 2025 });
    for (const bad of ['#/snapshots/2026-13', '#/snapshots/11-2026', '#/annual/25', '#/children', '#/children/a/b', '#/elsewhere']) {
      expect(parseRoute(bad), bad).toEqual({ name: 'not-found' });
    }
  });

  it("reads a record's correct and remove forms from the hash, and refuses any other kind or action", () => {
    expect(parseRoute('#/children/c-1/placement-changes/p-1/correct')).toEqual({ name: 'record', action: 'correct', childId: 'c-1', kind: 'placementChanges', recordId: 'p-1' });
    expect(parseRoute('#/children/c-1/transfer-ins/t-1/remove')).toEqual({ name: 'record', action: 'remove', childId: 'c-1', kind: 'transferIns', recordId: 't-1' });
    expect(parseRoute('#/children/c-1/disputes/d-1/correct')).toEqual({ name: 'record', action: 'correct', childId: 'c-1', kind: 'disputes', recordId: 'd-1' });
    for (const bad of ['#/children/c-1/children/x/correct', '#/children/c-1/meetings/m-1/delete', '#/children/c-1/meetings/m-1', '#/children/c-1/meetings/m-1/correct/x']) {
      expect(parseRoute(bad), bad).toEqual({ name: 'not-found' });
    }
  });

  it('reads the form for a new case dispute from the hash, and no form to add any other kind of record', () => {
    expect(parseRoute('#/children/c-1/disputes/add')).toEqual({ name: 'add', childId: 'c-1', kind: 'disputes' });
    expect(parseRoute(hrefOf.add('c 1/2', 'disputes'))).toEqual({ name: 'add', childId: 'c 1/2', kind: 'disputes' });
    for (const bad of ['#/children/c-1/transfer-ins/add', '#/children/c-1/meetings/add', '#/children/c-1/elsewhere/add', '#/children/c-1/disputes/new']) {
      expect(parseRoute(bad), bad).toEqual({ name: 'not-found' });
    }
  });

  it('reads the booking, held and cancel forms, the list of meetings not booked and the calendar from the hash', () => {
    expect(parseRoute('#/children/c-1/timescales/MIDPOINT/book')).toEqual({ name: 'book', childId: 'c-1', kind: 'MIDPOINT' });
    expect(parseRoute('#/children/c-1/meetings/m-1/held')).toEqual({ name: 'meeting', action: 'held', childId: 'c-1', meetingId: 'm-1' });
    expect(parseRoute('#/children/c-1/meetings/m-1/cancel')).toEqual({ name: 'meeting', action: 'cancel', childId: 'c-1', meetingId: 'm-1' });
    expect(parseRoute('#/timescales/not-booked')).toEqual({ name: 'timescales', booking: 'not-booked' });
    expect(parseRoute('#/calendar')).toEqual({ name: 'calendar' });
    for (const bad of ['#/children/c-1/timescales/RECOMMENDATIONS/book', '#/children/c-1/timescales/CER/move', '#/children/c-1/placement-changes/p-1/held', '#/timescales/booked', '#/calendar/x']) {
      expect(parseRoute(bad), bad).toEqual({ name: 'not-found' });
    }
    expect(parseRoute(hrefOf.book('c 1', 'ICPC'))).toEqual({ name: 'book', childId: 'c 1', kind: 'ICPC' });
    expect(parseRoute(hrefOf.meeting('held', 'c 1', 'm/1'))).toEqual({ name: 'meeting', action: 'held', childId: 'c 1', meetingId: 'm/1' });
    expect(parseRoute(hrefOf.timescales('not-booked'))).toEqual({ name: 'timescales', booking: 'not-booked' });
    expect(parseRoute(hrefOf.calendar())).toEqual({ name: 'calendar' });
  });

  it('makes links that read back as the same route', () => {
    expect(parseRoute(hrefOf.child('a b/c'))).toEqual({ name: 'child', childId: 'a b/c' });
    expect(parseRoute(hrefOf.record('remove', 'c 1', 'strategyDiscussions', 's/1'))).toEqual({
      name: 'record',
      action: 'remove',
      childId: 'c 1',
      kind: 'strategyDiscussions',
      recordId: 's/1',
    });
    expect(parseRoute(hrefOf.snapshots('2025-03'))).toEqual({ name: 'snapshots', month: '2025-03' });
    expect(parseRoute(hrefOf.annual(2024))).toEqual({ name: 'annual', year: 2024 });
    expect(parseRoute(hrefOf.iros())).toEqual({ name: 'iros' });
    expect(parseRoute(hrefOf.iros('iro.one+x@example.org'))).toEqual({ name: 'iros', email: 'iro.one+x@example.org' });
  });
});

describe('the IRO directory', () => {
  it('asks a new IRO their email, and an entry being changed not (its email is its key)', () => {
    expect(iroFieldsFor(true).map((field) => field.name)).toEqual(['email', 'name', 'fte', 'activeFrom', 'activeTo']);
    expect(iroFieldsFor(false).map((field) => field.name)).toEqual(['name', 'fte', 'activeFrom', 'activeTo']);
  });

  it('sends the answers as the API takes them: the FTE a number, no activeTo while they still work', () => {
    const entry = { email: 'iro09@example.org', name: 'Ivo Bramwell', fte: 0.6, activeFrom: '2022-10-03', updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: 'admin@example.org' };

    expect(iroBody(iroValuesOf(entry), iroFieldsFor(false))).toEqual({ body: { name: 'Ivo Bramwell', fte: 0.6, activeFrom: '2022-10-03' }, problems: [] });
    expect(iroBody({ ...iroValuesOf(entry), fte: ' 1 ', activeTo: '2024-11-29' }, iroFieldsFor(false)).body).toEqual({ name: 'Ivo Bramwell', fte: 1, activeFrom: '2022-10-03', activeTo: '2024-11-29' });
  });

  it('asks for what an entry must have, and an FTE that is a number, before sending anything', () => {
    const answer = iroBody({ ...iroValuesOf(undefined), fte: 'three days' }, iroFieldsFor(true));

    expect(answer.body).toBeUndefined();
    expect(answer.problems.map((problem) => problem.field)).toEqual(['email', 'name', 'activeFrom', 'fte']);
  });

  it('says a full-time IRO as such', () => {
    expect(fteInWords(1)).toBe('1 (full time)');
    expect(fteInWords(0.6)).toBe('0.6');
  });
});

describe('signing in through Cognito', () => {
  const config: CognitoSignIn = {
    kind: 'cognito',
    authority: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Example',
    clientId: 'page-client-id',
    domain: 'https://iro-example.auth.eu-west-2.amazoncognito.com',
    redirectUri: 'https://d111111abcdef8.cloudfront.net/',
  };

  it('sends the browser to the hosted sign-in for an authorization code, with a PKCE challenge and no secret', async () => {
    const client = new OidcClient({
      ...userManagerSettings(config, new InMemoryWebStorage()),
      // What Cognito's discovery document says, given here so the test needs no network.
      metadata: {
        issuer: config.authority,
        authorization_endpoint: `${config.domain}/oauth2/authorize`,
        token_endpoint: `${config.domain}/oauth2/token`,
        jwks_uri: `${config.authority}/.well-known/jwks.json`,
      },
    });

    const request = await client.createSigninRequest({ state: '#/snapshots' });
    const url = new URL(request.url);

    expect(`${url.origin}${url.pathname}`).toBe(`${config.domain}/oauth2/authorize`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe(config.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(config.redirectUri);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/.+/);
    expect(url.searchParams.has('client_secret')).toBe(false);
  });

  it("reads the roles from a Cognito ID token's cognito:groups, ignoring groups that are not roles", () => {
    const payload = Buffer.from(JSON.stringify({ email: 'iro01@example.org', 'cognito:groups': ['iro', 'finance'], exp: 2_000_000_000 })).toString('base64url');

    expect(signedInFrom(`e30.${payload}.sig`)).toEqual({ token: `e30.${payload}.sig`, email: 'iro01@example.org', roles: ['iro'], expiresAt: 2_000_000_000_000 });
    expect(signedInFrom('not a token')).toBeUndefined();
  });
});

describe("a child's records in words", () => {
  it("says where a strategy discussion's s47 enquiries stand, with the day they were determined", () => {
    expect(s47InWords({ section47: false })).toBe('No s47 enquiry needed');
    expect(s47InWords({})).toBe('s47 enquiries under way');
    expect(s47InWords({ section47: true })).toBe('s47 enquiries under way');
    expect(s47InWords({ section47: true, s47Determination: 'not-substantiated', determinedOn: '2026-03-04' })).toBe('Determined on Wed 4 Mar 2026: not substantiated');
    expect(s47InWords({ s47Determination: 'no-continuing-risk', determinedOn: '2026-03-04' })).toBe('Determined on Wed 4 Mar 2026: no continuing risk');
    expect(s47InWords({ s47Determination: 'conference', determinedOn: '2026-03-04' })).toBe('Determined on Wed 4 Mar 2026: conference needed');
  });

  it('puts care episodes in the order they began, one that starts the day the last ended continuing its period of care', () => {
    const episodes = periodsOfCare([
      { episodeId: 'c', startDate: '2024-01-01' },
      { episodeId: 'a', startDate: '2020-01-01', endDate: '2021-06-01', legalStatus: 'Interim Care Order (s.38)' },
      { episodeId: 'b', startDate: '2021-06-01', endDate: '2022-01-01', legalStatus: 'Care Order (s.31)' },
    ]);

    expect(episodes.map(({ episode, period, continues }) => [episode.episodeId, period, continues])).toEqual([
      ['a', 1, false],
      ['b', 1, true],
      ['c', 2, false],
    ]);
    expect(episodes.map(periodInWords)).toEqual(['Period 1', 'Period 1, continued', 'Period 2']);
  });

  it("lists a registration's changes of category by day, saying which a conference made", () => {
    expect(
      categoryChangesInWords({
        categoryChanges: [
          { from: '2026-05-01', category: 'Neglect and Physical Abuse', atMeetingId: 'm-1' },
          { from: '2026-01-10', category: 'Emotional Abuse' },
        ],
      }),
    ).toEqual(['From Sat 10 Jan 2026: Emotional Abuse', 'From Fri 1 May 2026: Neglect and Physical Abuse (at a review conference)']);
    expect(categoryChangesInWords({})).toEqual([]);
  });

  it('names a record for a heading, and finds its path in the API', () => {
    expect(recordInWords('placementChanges', { placementChangeId: 'p-1', date: '2026-02-03', unplanned: true })).toBe('placement change of Tue 3 Feb 2026');
    expect(recordInWords('meetings', { meetingId: 'm', type: 'TRANSFER_IN', heldOn: '2026-02-03', status: 'held', childParticipated: true, advocacyOffered: true, advocacyProvided: false, qaAuditCompleted: false })).toBe(
      'Transfer-in conference held on Tue 3 Feb 2026',
    );
    expect(recordPath('c-1', 'transferIns', 't-1')).toBe('/children/c-1/transfer-ins/t-1');
    expect(recordPath('c-1', 'careEpisodes', 'e-1')).toBe('/children/c-1/care-episodes/e-1');
  });

  it("offers changes to the child's own IRO and to an admin only, as the access table allows", () => {
    const child = { iroEmail: 'iro01@example.org' };

    expect(mayChangeRecords({ email: 'IRO01@example.org', roles: ['iro'] }, child)).toBe(true);
    expect(mayChangeRecords({ email: 'iro02@example.org', roles: ['iro'] }, child)).toBe(false);
    expect(mayChangeRecords({ email: 'iro01@example.org', roles: ['team-manager'] }, child)).toBe(false);
    expect(mayChangeRecords({ email: 'admin@example.org', roles: ['admin'] }, child)).toBe(true);
    expect(mayChangeRecords({ email: 'sm@example.org', roles: ['service-manager'] }, child)).toBe(false);
  });

  it('offers no removal of a registration a conference recorded here made: that meeting is removed instead', () => {
    expect(removableAlone('registrations', { registrationId: 'r', startDate: '2026-01-01', category: 'Neglect', registeredAtMeetingId: 'm' })).toBe(false);
    expect(removableAlone('registrations', { registrationId: 'r', startDate: '2026-01-01', category: 'Neglect' })).toBe(true);
  });
});

describe('correcting a record', () => {
  const discussion = { strategyDiscussionId: 's-1', date: '2026-03-02' };

  it("starts the form from the record: an old discussion's absent section47 as yes, a category as its kinds of abuse", () => {
    expect(initialValues('strategyDiscussions', discussion)).toEqual({ date: '2026-03-02', section47: 'true', s47Determination: '', determinedOn: '' });
    expect(initialValues('registrations', { registrationId: 'r', startDate: '2026-01-01', category: 'Neglect and Physical Abuse' })).toEqual({
      startDate: '2026-01-01',
      endDate: '',
      abuseTypes: 'neglect,physical',
      categoryFrom: '',
    });
    expect(initialValues('careEpisodes', { episodeId: 'e', startDate: '2025-01-01', endDate: '2025-06-01', endReason: 'Returned home' })).toMatchObject({
      endDate: '2025-06-01',
      reason: 'Returned home',
      legalStatus: '',
    });
  });

  it('asks of a meeting only the dates its type records', () => {
    const meeting = { meetingId: 'm', heldOn: '2026-01-01', status: 'held' as const, childParticipated: true, advocacyOffered: true, advocacyProvided: false, qaAuditCompleted: false };
    const names = (type: 'CER' | 'ICPC' | 'RCPC') => fieldsFor('meetings', { ...meeting, type }).map((field) => field.name);

    expect(names('CER')).toContain('managerRespondedOn');
    expect(names('CER')).not.toContain('outlinePlanSentOn');
    expect(names('ICPC')).toContain('outlinePlanSentOn');
    expect(names('RCPC')).not.toContain('recommendationsSentOn');
  });

  it('sends only the answers that changed, each as the API takes it', () => {
    const fields = fieldsFor('strategyDiscussions', discussion);
    const initial = initialValues('strategyDiscussions', discussion);

    expect(patchBody(fields, initial, { ...initial, s47Determination: 'not-substantiated', determinedOn: ' 2026-03-20 ' })).toEqual({
      body: { s47Determination: 'not-substantiated', determinedOn: '2026-03-20' },
      problems: [],
    });
    expect(patchBody(fields, initial, { ...initial, section47: 'false' }).body).toEqual({ section47: false });

    const change = { placementChangeId: 'p', date: '2026-01-05', unplanned: false };
    const placement = fieldsFor('placementChanges', change);
    expect(patchBody(placement, initialValues('placementChanges', change), { date: '2026-01-06', unplanned: 'true' }).body).toEqual({ date: '2026-01-06', unplanned: true });

    const registration = { registrationId: 'r', startDate: '2026-01-01', category: 'Neglect' };
    const registrationFields = fieldsFor('registrations', registration);
    const start = initialValues('registrations', registration);
    // Ticked in any order, the kinds of abuse are the API's list; the same kinds ticked again are no change.
    expect(patchBody(registrationFields, start, { ...start, abuseTypes: 'physical,neglect', categoryFrom: '2026-02-01' }).body).toEqual({
      abuseTypes: ['neglect', 'physical'],
      categoryFrom: '2026-02-01',
    });
    expect(patchBody(registrationFields, start, { ...start, abuseTypes: 'neglect' }).problems).toEqual([{ field: 'startDate', message: 'Change at least one answer, or cancel' }]);
  });

  it('refuses, before sending, an answer cleared that can be corrected but not removed, and a correction that changes nothing', () => {
    const episode = { episodeId: 'e', startDate: '2025-01-01', endDate: '2025-06-01', legalStatus: 'Care Order (s.31)' };
    const fields = fieldsFor('careEpisodes', episode);
    const initial = initialValues('careEpisodes', episode);

    expect(patchBody(fields, initial, { ...initial, endDate: '  ', legalStatus: 'Placement Order' })).toEqual({
      body: { legalStatus: 'Placement Order' },
      problems: [{ field: 'endDate', message: 'Enter the day they ceased to be looked after: once recorded it can be corrected, not removed' }],
    });
    expect(patchBody(fields, initial, { ...initial }).problems).toEqual([{ field: 'startDate', message: 'Change at least one answer, or cancel' }]);
    const registration = { registrationId: 'r', startDate: '2026-01-01', category: 'Neglect' };
    const start = initialValues('registrations', registration);
    expect(patchBody(fieldsFor('registrations', registration), start, { ...start, abuseTypes: '' }).problems).toEqual([
      { field: 'abuseTypes', message: 'Choose at least one kind of abuse' },
    ]);
  });

  it("puts each of the API's problems beside its field, in the form's order, and the rest in the summary alone", () => {
    const fields = fieldsFor('strategyDiscussions', discussion);

    expect(
      problemsFor(
        [
          { field: 'determinedOn', reason: 'is in the future' },
          { field: '', reason: 'must change at least one field' },
          { field: 'date', reason: 'must be a real date written yyyy-mm-dd' },
        ],
        fields,
      ),
    ).toEqual([
      { field: 'date', message: 'The day of the discussion must be a real date written yyyy-mm-dd' },
      { field: 'determinedOn', message: 'The day they were determined is in the future' },
      { message: 'Must change at least one field' },
    ]);
    const registration = fieldsFor('registrations', { registrationId: 'r', startDate: '2026-01-01', category: 'Neglect' });
    expect(problemsFor([{ field: 'category', reason: 'must be one of …' }, { field: 'abuseTypes.1', reason: 'must each be one of …' }], registration)).toEqual([
      { field: 'abuseTypes', message: 'The category must be one of …' },
      { field: 'abuseTypes', message: 'The category must each be one of …' },
    ]);
  });

  it('says why the API refused a change: 400 and 409 by field, 412 to reload, 403 and 404 in its own words', () => {
    const fields = fieldsFor('placementChanges', { placementChangeId: 'p', date: '2026-01-05', unplanned: false });
    const refusal = (code: string, message: string, problems?: { field: string; reason: string }[]) => ({ error: { code, message, requestId: 'r', ...(problems ? { problems } : {}) } });

    expect(refusalProblems(400, refusal('validation_failed', 'The request is not valid.', [{ field: 'date', reason: 'is in the future' }]), fields)).toEqual([
      { field: 'date', message: 'The day of the change is in the future' },
    ]);
    expect(refusalProblems(412, refusal('precondition_failed', 'If-Match names another version.'), fields)).toEqual([
      { message: "Someone changed this child's records after you opened this form. Reload the records, then make your change again." },
    ]);
    expect(refusalProblems(403, refusal('forbidden', 'Your role may not make this change.'), fields)).toEqual([
      { message: "You may not change this child's records. Your role may not make this change." },
    ]);
    expect(refusalProblems(404, refusal('not_found', 'No placement change with this id.'), fields)[0]!.message).toMatch(/^This record is no longer on the child's file/);
    expect(refusalProblems(503, undefined, fields)).toEqual([{ message: 'The service answered 503.' }]);
    const meeting = { meetingId: 'm', type: 'CER' as const, heldOn: '2026-01-01', status: 'held' as const, childParticipated: true, advocacyOffered: true, advocacyProvided: false, qaAuditCompleted: false };
    expect(
      refusalProblems(409, refusal('conflict', 'This meeting is already recorded.', [{ field: 'heldOn', reason: 'a CER held on 2026-01-02 is already recorded: meeting m-2' }]), fieldsFor('meetings', meeting)),
    ).toEqual([{ field: 'heldOn', message: 'The day it was held: a CER held on Fri 2 Jan 2026 is already recorded: meeting m-2' }, { message: 'This meeting is already recorded.' }]);
    expect(refusalProblems(400, refusal('validation_failed', '…', [{ field: 'date', reason: 'the child was not looked after on this date' }]), fields)).toEqual([
      { field: 'date', message: 'The day of the change: the child was not looked after on this date' },
    ]);
  });
});

describe('recording and correcting a case dispute', () => {
  const dispute = { disputeId: 'd-1', startedOn: '2025-01-14', stage: 'informal' as const, raisedBy: 'IRO', legalAdviceSought: false, cafcassReferral: false };

  it('asks the stage as a choice and the legal advice and the Cafcass referral as boxes to tick, none ticked at first', () => {
    const fields = fieldsFor('disputes', dispute);

    expect(fields.map((field) => [field.name, field.kind])).toEqual([
      ['startedOn', 'date'],
      ['stage', 'choice'],
      ['raisedBy', 'text'],
      ['resolvedOn', 'date'],
      ['outcome', 'text'],
      ['legalAdviceSought', 'checkbox'],
      ['cafcassReferral', 'checkbox'],
    ]);
    expect(fields.find((field) => field.name === 'stage')!.options!.map((option) => option.value)).toEqual(['informal', 'formal']);
    expect(newRecordValues('disputes')).toEqual({ startedOn: '', stage: '', raisedBy: '', resolvedOn: '', outcome: '', legalAdviceSought: 'false', cafcassReferral: 'false' });
  });

  it('sends a new dispute with only the answers given, each box as true or false, and asks first for what it must have', () => {
    const answered = { ...newRecordValues('disputes'), startedOn: ' 2025-01-14 ', stage: 'formal', raisedBy: " Child's advocate ", cafcassReferral: 'true' };

    expect(newRecordBody('disputes', answered)).toEqual({
      body: { startedOn: '2025-01-14', stage: 'formal', raisedBy: "Child's advocate", legalAdviceSought: false, cafcassReferral: true },
      problems: [],
    });
    expect(newRecordBody('disputes', newRecordValues('disputes')).problems).toEqual([
      { field: 'startedOn', message: 'Enter the day it was raised' },
      { field: 'stage', message: 'Select the stage' },
      { field: 'raisedBy', message: 'Enter who raised it' },
    ]);
  });

  it('corrects a dispute with only what changed: resolved, a box ticked', () => {
    const fields = fieldsFor('disputes', dispute);
    const initial = initialValues('disputes', dispute);

    expect(initial).toMatchObject({ stage: 'informal', legalAdviceSought: 'false', resolvedOn: '' });
    expect(patchBody(fields, initial, { ...initial, resolvedOn: '2025-02-25', outcome: 'Care plan amended', legalAdviceSought: 'true' })).toEqual({
      body: { resolvedOn: '2025-02-25', outcome: 'Care plan amended', legalAdviceSought: true },
      problems: [],
    });
  });

  it('puts the API’s problem with an outcome beside the outcome, and says a dispute in words', () => {
    const fields = fieldsFor('disputes', dispute);

    expect(problemsFor([{ field: 'outcome', reason: 'goes with resolvedOn: a dispute has an outcome only once it is resolved' }], fields)).toEqual([
      { field: 'outcome', message: 'How it was resolved goes with resolvedOn: a dispute has an outcome only once it is resolved' },
    ]);
    expect(recordInWords('disputes', dispute)).toBe('case dispute raised on Tue 14 Jan 2025');
    expect(recordPath('c-1', 'disputes', 'd-1')).toBe('/children/c-1/disputes/d-1');
    expect(disputeInWords(dispute)).toBe('Open');
    expect(disputeInWords({ ...dispute, resolvedOn: '2025-02-25', outcome: 'Care plan amended' })).toBe('Resolved on Tue 25 Feb 2025: Care plan amended');
    expect(recordSummary('disputes', { ...dispute, cafcassReferral: true })).toContainEqual(['Referred to Cafcass Cymru', 'Yes']);
  });
});

describe('removing a record', () => {
  it('sends the reason on one line, and asks for one of at most 200 characters before sending anything', () => {
    expect(removalBody('  Recorded on the\nwrong child  ')).toEqual({ body: { reason: 'Recorded on the wrong child' }, problems: [] });
    expect(removalBody(' \n ')).toEqual({ problems: [{ field: 'reason', message: 'Enter why the record is being removed' }] });
    expect(removalBody('x'.repeat(200)).body).toEqual({ reason: 'x'.repeat(200) });
    expect(removalBody('x'.repeat(201)).problems).toEqual([{ field: 'reason', message: 'The reason must be 200 characters or fewer' }]);
    expect(refusalProblems(400, { error: { code: 'validation_failed', message: '…', problems: [{ field: 'reason', reason: 'must not be empty' }] } }, REMOVAL_FIELDS)).toEqual([
      { field: 'reason', message: 'The reason must not be empty' },
    ]);
  });
});

describe("the page's API client", () => {
  const user = { token: 'the-token', email: 'iro01@example.org', roles: ['iro' as const], expiresAt: 2_000_000_000_000 };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  afterEach(() => vi.unstubAllGlobals());

  it('sends a change with the token, its JSON body and If-Match, and answers a refusal as it came: status, headers and JSON', async () => {
    const refusal = { error: { code: 'validation_failed', message: 'The request is not valid.', problems: [{ field: 'date', reason: 'is in the future' }], requestId: 'r' } };
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => json(400, refusal, { 'x-request-id': 'r' }));
    vi.stubGlobal('fetch', fetch);

    const answer = await apiFor('https://api.example', user, () => undefined).send('PATCH', '/children/c/placement-changes/p', { date: '2099-01-01' }, { 'if-match': '"7"' });

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(refusal);
    expect(answer.headers.get('x-request-id')).toBe('r');
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://api.example/children/c/placement-changes/p');
    expect(init.method).toBe('PATCH');
    expect(init.body).toBe('{"date":"2099-01-01"}');
    expect(init.headers).toMatchObject({ authorization: 'Bearer the-token', 'content-type': 'application/json', 'if-match': '"7"' });
  });

  it("reads a child with its ETag, for the change's If-Match", async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(200, { childId: 'c' }, { etag: '"7"' })));

    expect(await apiFor('https://api.example', user, () => undefined).getWithEtag('/children/c')).toEqual({ body: { childId: 'c' }, etag: '"7"' });
  });

  it('signs the person out on a 401 to a change as to a read, and says when the API cannot be reached', async () => {
    const onUnauthorized = vi.fn();
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { message: 'Unauthorized' })));
    const api = apiFor('https://api.example', user, onUnauthorized);

    await expect(api.send('DELETE', '/children/c/transfer-ins/t', { reason: 'entered in error' })).rejects.toMatchObject({ status: 401 });
    await expect(api.get('/children/c')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(2);

    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(api.send('PATCH', '/children/c/meetings/m', { heldOn: '2026-01-01' })).rejects.toMatchObject({ status: 0 });
  });
});

describe('dates and meetings in words', () => {
  it('writes every day as people do: "Thu 9 Jan 2025", the same in any version of Intl', () => {
    expect(longDate('2025-01-09')).toBe('Thu 9 Jan 2025');
    expect(longDate('2025-09-30')).toBe('Tue 30 Sep 2025');
    expect(longDate('2024-02-29')).toBe('Thu 29 Feb 2024');
    // Not a day: left alone, never "Invalid Date".
    expect(longDate('2025-02-31')).toBe('2025-02-31');
    expect(datesInWords('is after the ICPC due date, 2025-01-14 (not 2025-02-31)')).toBe('is after the ICPC due date, Tue 14 Jan 2025 (not 2025-02-31)');
  });

  it('names every kind of meeting in words, never by its code', () => {
    for (const [type, label] of Object.entries(MEETING_LABELS)) {
      // Words first; an acronym only after them, in brackets ("Care Experienced Review (CER)").
      expect(label, type).toMatch(/^[A-Z][a-z-]+ [A-Za-z]/);
      expect(label.replace(/ \([A-Z]+\)$/, ''), type).not.toMatch(/[A-Z]{2}|_/);
    }
    expect(MEETING_LABELS.MIDPOINT).toBe('Mid-point review');
    expect(MEETING_LABELS.RCPC).toBe('Review Child Protection Conference (RCPC)');
  });
});

describe('booking a meeting', () => {
  const options = { childId: 'c-1', type: 'ICPC' as const, dueDate: '2025-01-14', lateAsked: false, suggestions: true };
  const values = { suggested: '', typed: '', lateReason: '' };

  it('offers booking only for the timescales a meeting meets', () => {
    expect(['CER', 'ICPC', 'RCPC', 'MIDPOINT', 'CORE_GROUP', 'TRANSFER_IN'].every((kind) => isBookable(kind as never))).toBe(true);
    expect(isBookable('RECOMMENDATIONS')).toBe(false);
    expect(isBookable('OUTLINE_PLAN')).toBe(false);
  });

  it('says where a booking stands: booked for a day, booked late and why, or not booked', () => {
    expect(bookingInWords(undefined, '2025-01-14')).toEqual({ text: 'Not booked' });
    expect(bookingInWords({ meetingId: 'm', bookedFor: '2025-01-09' }, '2025-01-14')).toEqual({ text: 'Booked for Thu 9 Jan 2025' });
    expect(bookingInWords({ meetingId: 'm', bookedFor: '2025-01-16', lateReason: 'The family is away' }, '2025-01-14')).toEqual({
      text: 'Booked for Thu 16 Jan 2025',
      late: 'Booked late: The family is away',
    });
    expect(bookingInWords({ meetingId: 'm', bookedFor: '2025-01-16' }, '2025-01-14').late).toBe('After the due date');
  });

  it('lists a suggested day in words, a busy one with its other meetings', () => {
    expect(suggestedDateInWords({ date: '2025-01-09', otherBookings: 0 })).toBe('Thu 9 Jan 2025');
    expect(suggestedDateInWords({ date: '2025-01-10', otherBookings: 1 })).toBe('Fri 10 Jan 2025 (1 other meeting)');
    expect(suggestedDateInWords({ date: '2025-01-13', otherBookings: 3 })).toBe('Mon 13 Jan 2025 (3 other meetings)');
  });

  it('books the day chosen, or the day typed instead, with no late reason until one is asked for', () => {
    expect(bookingRequest({ ...values, suggested: '2025-01-09' }, options)).toEqual({
      method: 'POST',
      path: '/children/c-1/meetings',
      body: { type: 'ICPC', status: 'booked', bookedFor: '2025-01-09' },
      bookedFor: '2025-01-09',
      late: false,
      problems: [],
    });
    // A day after the due date, before the API has refused it: sent as it is, for the API to check.
    expect(bookingRequest({ ...values, suggested: '2025-01-09', typed: ' 2025-01-20 ', lateReason: 'ignored' }, options)).toMatchObject({
      body: { type: 'ICPC', status: 'booked', bookedFor: '2025-01-20' },
    });
    expect(bookingRequest(values, options).problems).toEqual([{ field: 'suggested', message: 'Choose a day for the meeting, or enter one' }]);
    expect(bookingRequest(values, { ...options, suggestions: false }).problems).toEqual([{ field: 'typed', message: 'Enter the day the meeting is booked for' }]);
    expect(bookingRequest({ ...values, typed: '20/01/2025' }, options).problems).toEqual([{ field: 'typed', message: 'Enter the day as year-month-day, for example 2026-03-27' }]);
  });

  it('books late only with a reason, once asked, and never sends a reason with a day in time', () => {
    const late = { ...options, lateAsked: true };

    expect(bookingRequest({ ...values, typed: '2025-01-20' }, late).problems).toEqual([{ field: 'lateReason', message: 'Say why the meeting is booked after the due date' }]);
    expect(bookingRequest({ ...values, typed: '2025-01-20', lateReason: ' The family\nis away ' }, late)).toMatchObject({
      body: { type: 'ICPC', status: 'booked', bookedFor: '2025-01-20', lateReason: 'The family is away' },
      late: true,
    });
    expect(bookingRequest({ ...values, suggested: '2025-01-14', lateReason: 'The family is away' }, late)).toMatchObject({
      body: { type: 'ICPC', status: 'booked', bookedFor: '2025-01-14' },
      late: false,
    });
    expect(bookingRequest({ ...values, typed: '2025-01-20', lateReason: 'x'.repeat(201) }, late).problems).toEqual([
      { field: 'lateReason', message: 'The reason must be 200 characters or fewer' },
    ]);
  });

  it('moves a booking that stands, with a PATCH of the day', () => {
    expect(bookingRequest({ ...values, suggested: '2025-01-13' }, { ...options, moving: { meetingId: 'm-1', bookedFor: '2025-01-09' } })).toMatchObject({
      method: 'PATCH',
      path: '/children/c-1/meetings/m-1',
      body: { bookedFor: '2025-01-13' },
    });
  });

  it("reads a late booking's refusal for its due date, and says it as people do", () => {
    const refusal = {
      error: {
        code: 'conflict',
        message: 'This booking is after the due date (2025-01-14).',
        problems: [{ field: 'bookedFor', reason: "is 4 working days after the ICPC's due date, 2025-01-14: book it by then, or say why in lateReason" }],
        requestId: 'r',
      },
    };

    expect(lateRefusal(409, refusal, '2025-01-15')).toEqual({ dueDate: '2025-01-14' });
    expect(lateRefusal(409, { error: { ...refusal.error, message: 'After the due date.' } }, '2025-01-15')).toEqual({ dueDate: '2025-01-15' });
    expect(lateRefusal(400, refusal, '2025-01-15')).toBeUndefined();
    expect(lateRefusal(409, { error: { code: 'conflict', message: 'This meeting is already recorded.', problems: [{ field: 'heldOn', reason: '…' }] } }, '2025-01-15')).toBeUndefined();
    expect(lateMessage('2025-01-14')).toBe('The day is after the due date, Tue 14 Jan 2025: choose a day by then, or say why the meeting is booked late');
  });
});

describe('recording a booked meeting as held, or cancelling it', () => {
  const answers = { heldOn: '2025-01-09', chairEmail: '', childParticipated: 'true', advocacyOffered: 'true', advocacyProvided: 'false', qaAuditCompleted: 'false', decision: '', abuseTypes: '' };
  const icpc = { type: 'ICPC' as const, bookedFor: '2025-01-09' };

  it('asks a conference what it decided, and a review nothing of the register', () => {
    const names = (type: 'ICPC' | 'RCPC' | 'MIDPOINT' | 'TRANSFER_IN') => heldFields({ type, bookedFor: '2025-01-09' }).map((field) => field.name);

    expect(names('MIDPOINT')).toEqual(['heldOn', 'chairEmail', 'childParticipated', 'advocacyOffered', 'advocacyProvided', 'qaAuditCompleted']);
    expect(names('ICPC')).toContain('decision');
    expect(names('TRANSFER_IN')).toContain('abuseTypes');
    expect(heldFields({ type: 'RCPC', bookedFor: '2025-01-09' }).find((field) => field.name === 'decision')!.options!.map((option) => option.value)).toEqual(['continue', 'deregister']);
  });

  it('sends the answers as the API takes them, the day left out when it is the day booked', () => {
    expect(heldBody(icpc, { ...answers, decision: 'register', abuseTypes: 'physical,neglect' }, '2025-01-10')).toEqual({
      body: {
        status: 'held',
        childParticipated: true,
        advocacyOffered: true,
        advocacyProvided: false,
        qaAuditCompleted: false,
        outcome: { decision: 'register', abuseTypes: ['neglect', 'physical'] },
      },
      problems: [],
    });
    expect(heldBody({ type: 'RCPC', bookedFor: '2025-01-08' }, { ...answers, chairEmail: 'chair@example.org', decision: 'continue' }, '2025-01-10').body).toMatchObject({
      heldOn: '2025-01-09',
      chairEmail: 'chair@example.org',
      outcome: { decision: 'continue' },
    });
    expect(heldBody({ type: 'MIDPOINT', bookedFor: '2025-01-09' }, answers, '2025-01-09').body).not.toHaveProperty('outcome');
  });

  it('asks for every answer the API needs before sending anything, and no day in the future', () => {
    expect(heldBody(icpc, { ...answers, childParticipated: '', decision: '' }, '2025-01-10').problems).toEqual([
      { field: 'childParticipated', message: 'Select whether the child participated' },
      { field: 'decision', message: 'Select what the conference decided' },
    ]);
    expect(heldBody(icpc, { ...answers, decision: 'register' }, '2025-01-10').problems).toEqual([{ field: 'abuseTypes', message: 'Choose at least one kind of abuse' }]);
    expect(heldBody(icpc, { ...answers, heldOn: '2025-01-11', decision: 'do-not-register' }, '2025-01-10').problems).toEqual([
      { field: 'heldOn', message: 'The day it was held is in the future: record it once it has been held' },
    ]);
    // The API's problem with the outcome's category goes beside the category.
    expect(problemsFor([{ field: 'outcome.category', reason: 'is required' }], heldFields(icpc))).toEqual([{ field: 'abuseTypes', message: 'The category is required' }]);
  });

  it('cancels with a reason on one line, and asks for one first', () => {
    expect(cancelBody(' The family\ncould not attend ')).toEqual({ body: { status: 'cancelled', reason: 'The family could not attend' }, problems: [] });
    expect(cancelBody('  ').problems).toEqual([{ field: 'reason', message: 'Enter why the meeting was cancelled' }]);
  });
});
