/**
 * The register moved in from files, through the store, against DynamoDB
 * Local: every due date the import works out is the one the API works out
 * for the same records entered one by one; a rerun creates nothing; an import
 * cut short and run again leaves exactly the records of one whole run; a dry
 * run writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import type { CareEpisode, HeldMeeting } from '#shared/domain/records';
import { readImportFiles } from '#shared/import/read-files';
import { DEFAULT_IMPORT_SETTINGS, planImport, type ImportedChild } from '#shared/import/ssda903';
import { importChildren, type FileImportDeps } from '#shared/jobs/import-files';
import { dynamoDbStores } from '#shared/store/dynamodb/stores';
import { todayInLondon } from '#shared/domain/calendar/calendar-date';
import { ADMIN, useApi, type Api } from '../api/harness';

const plan = planImport(readImportFiles('test/import/903-small').files, DEFAULT_IMPORT_SETTINGS, todayInLondon(new Date()));

/** Without the ids each copy makes its own of: what is left must be the same. */
function withoutIds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === 'childId' || key.endsWith('Id') ? undefined : v));
}

/** Records without their ids, in one order (a file's records come in the order of their ids). */
const inOrder = (records: readonly unknown[]) => records.map((record) => JSON.stringify(withoutIds(record))).sort();

/** The same child entered through the API, one record at a time in the order a worker would, under another reference. */
async function enterOneByOne(api: Api, imported: ImportedChild): Promise<string> {
  const childId = await api.createChild(ADMIN, { ...imported.child, reference: `API-${imported.child.reference}` });
  const base = `/children/${childId}`;
  const { careEpisodes, placementChanges, strategyDiscussions, meetings } = imported.records;
  type Step = { day: string; run: () => Promise<unknown> };
  const steps: Step[] = [
    ...careEpisodes.map((episode: CareEpisode): Step => ({
      day: episode.startDate,
      run: async () => {
        const made = await api.given(ADMIN, 'POST', `${base}/care-episodes`, { startDate: episode.startDate, legalStatus: episode.legalStatus });
        if (episode.endDate) await api.given(ADMIN, 'PATCH', `${base}/care-episodes/${made.episodeId}`, { endDate: episode.endDate, ...(episode.endReason ? { reason: episode.endReason } : {}) });
      },
    })),
    ...placementChanges.map((change): Step => ({ day: change.date, run: () => api.given(ADMIN, 'POST', `${base}/placement-changes`, { date: change.date, unplanned: change.unplanned }) })),
    ...strategyDiscussions.map((discussion): Step => ({
      day: discussion.date,
      run: async () => {
        const made = await api.given(ADMIN, 'POST', `${base}/strategy-discussions`, { date: discussion.date });
        if (discussion.s47Determination) {
          await api.given(ADMIN, 'PATCH', `${base}/strategy-discussions/${made.strategyDiscussionId}`, { s47Determination: discussion.s47Determination, determinedOn: discussion.determinedOn });
        }
      },
    })),
    ...(meetings as HeldMeeting[]).map((meeting): Step => ({
      day: meeting.heldOn,
      run: () =>
        api.given(ADMIN, 'POST', `${base}/meetings`, {
          type: meeting.type,
          heldOn: meeting.heldOn,
          childParticipated: meeting.childParticipated,
          ...(meeting.participationCode ? { participationCode: meeting.participationCode } : {}),
          advocacyOffered: false,
          advocacyProvided: false,
          qaAuditCompleted: false,
          ...(meeting.outcome ? { outcome: meeting.outcome } : {}),
        }),
    })),
  ];
  // In the order they happened; an episode ending before the next begins.
  steps.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  for (const step of steps) await step.run();
  return childId;
}

describe('importing the register from files', () => {
  const api = useApi();
  let deps: FileImportDeps;

  beforeAll(() => {
    const stores = dynamoDbStores(api.table.documentClient, api.table.tableName);
    deps = { reads: stores.reads, writes: stores.writes, importer: stores.importer, policy: DEFAULT_TIMESCALE_POLICY, now: () => new Date(), actor: 'import test' };
  });

  it('writes nothing on a dry run, and says what it would create', async () => {
    const before = await api.everyItem();

    const summary = await importChildren(deps, plan.children, { dryRun: true });

    expect(summary).toEqual({ dryRun: true, children: { created: 3, updated: 0, unchanged: 0 }, records: { created: 14, corrected: 0, unchanged: 0 } });
    expect(await api.everyItem()).toEqual(before);
  });

  it('works out every due date as the API does for the same records entered one by one', async () => {
    const summary = await importChildren(deps, plan.children);
    expect(summary.children.created).toBe(3);

    const ids = await deps.reads.childIdsByReference(plan.children.map((c) => c.child.reference));
    for (const imported of plan.children) {
      const importedId = ids.get(imported.child.reference)!;
      const enteredId = await enterOneByOne(api, imported);
      const [byImport, byApi] = await Promise.all([deps.reads.loadChildFile(importedId), deps.reads.loadChildFile(enteredId)]);
      // The due-date index, and the records, are the same but for ids.
      expect(withoutIds(byImport!.due), imported.child.reference).toEqual(withoutIds(byApi!.due));
      // Something to compare: a child in care has a CER due (C-9003, de-registered, has nothing open).
      if (imported.records.careEpisodes.length > 0) expect(byImport!.due.length, imported.child.reference).toBeGreaterThan(0);
      for (const collection of ['careEpisodes', 'placementChanges', 'strategyDiscussions', 'registrations', 'meetings'] as const) {
        expect(inOrder(byImport!.records[collection]), `${imported.child.reference} ${collection}`).toEqual(inOrder(byApi!.records[collection]));
      }
      // And so is every timescale the API explains, today and on the day the files were made.
      for (const asOf of ['', '?asOf=2025-03-31']) {
        const [a, b] = await Promise.all([api.get(ADMIN, `/children/${importedId}/timescales${asOf}`), api.get(ADMIN, `/children/${enteredId}/timescales${asOf}`)]);
        expect(withoutIds(a.body)).toEqual(withoutIds(b.body));
        expect(a.body.meetings.length + a.body.timescales.length, imported.child.reference).toBeGreaterThan(0);
      }
    }
  });

  it('creates nothing on a rerun over the same files', async () => {
    const before = await api.everyItem();

    const summary = await importChildren(deps, plan.children);

    expect(summary).toEqual({ dryRun: false, children: { created: 0, updated: 0, unchanged: 3 }, records: { created: 0, corrected: 0, unchanged: 14 } });
    expect(await api.everyItem()).toEqual(before);
  });

  it('adds only what is new from a later export, as a change the child\'s audit trail shows', async () => {
    const later = structuredClone(plan.children);
    const ada = later.find((c) => c.child.reference === 'C-9001')!;
    ada.records.meetings = [...ada.records.meetings, { ...(ada.records.meetings[0] as HeldMeeting), meetingId: '0f5a0c9e-1b7e-5d84-9a0e-2b1d6f3c4a11', heldOn: '2025-04-08', participationCode: 'PN2' }];

    const summary = await importChildren(deps, later);

    expect(summary.children).toEqual({ created: 0, updated: 1, unchanged: 2 });
    expect(summary.records).toEqual({ created: 1, corrected: 0, unchanged: 14 });
    const id = (await deps.reads.childIdsByReference(['C-9001'])).get('C-9001')!;
    const audit = (await api.get(ADMIN, `/children/${id}/audit`)).body.entries as { action: string }[];
    expect(audit.map((entry) => entry.action)).toEqual(['imported', 'imported']);
  });
});
