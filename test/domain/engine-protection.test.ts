import { describe, expect, it } from 'vitest';
import { computeTimescales, meetingCompliance, openTimescales } from '#shared/domain/timescales/engine';
import { DEFAULT_TIMESCALE_POLICY } from '#shared/domain/timescales/policy';
import { parseTimescalePolicy } from '#shared/domain/timescales/policy-override';
import type { Meeting } from '#shared/domain/records';
import { booked, cancelled, child, episode, held, registeringIcpc, registration, strategyDiscussion } from './fixtures';

const policy = DEFAULT_TIMESCALE_POLICY;

/** docs/domain.md's worked example: a strategy discussion on Thursday 19 December 2024. */
const discussedBeforeChristmas = child({ strategyDiscussions: [strategyDiscussion('sd1', '2024-12-19')] });

/** Registered at an ICPC on Tuesday 14 January 2025, after the discussion of 19 December. */
const registeredInJanuary = child({
  strategyDiscussions: [strategyDiscussion('sd1', '2024-12-19')],
  meetings: [registeringIcpc('i1', '2025-01-14', { outlinePlanSentOn: undefined })],
  registrations: [registration('r1', '2025-01-14', undefined, { registeredAtMeetingId: 'i1' })],
});

describe('the ICPC', () => {
  it("is due 15 working days after the strategy discussion (docs/domain.md's worked example)", () => {
    // act
    const result = computeTimescales(discussedBeforeChristmas, policy, '2025-01-15');

    // assess
    expect(result.timescales).toEqual([
      {
        kind: 'ICPC',
        dueDate: '2025-01-14',
        countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2024-12-19', recordId: 'sd1' },
        rule: 'icpc',
        statutory: true,
        stage: 's47-enquiries-under-way',
        status: 'breached',
        workingDaysLeft: -1,
      },
    ]);
  });

  it('restarts its clock from a second strategy discussion before the ICPC', () => {
    const records = child({
      strategyDiscussions: [strategyDiscussion('sd2', '2025-01-06'), strategyDiscussion('sd1', '2024-12-19')],
    });

    const open = openTimescales(records, policy, '2025-01-07');

    expect(open).toEqual([
      expect.objectContaining({
        kind: 'ICPC',
        dueDate: '2025-01-27',
        countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2025-01-06', recordId: 'sd2' },
      }),
    ]);
  });

  it('counts from the first strategy discussion where the authority says so (as England does)', () => {
    const records = child({
      strategyDiscussions: [strategyDiscussion('sd1', '2024-12-19'), strategyDiscussion('sd2', '2025-01-06')],
    });
    const english = parseTimescalePolicy({ icpcCountsFrom: 'first-strategy-discussion' });

    const open = openTimescales(records, english, '2025-01-07');

    expect(open).toEqual([expect.objectContaining({ dueDate: '2025-01-14', countedFrom: expect.objectContaining({ recordId: 'sd1' }) })]);
  });

  it('is closed by an ICPC held, whatever it decides, and judged against its due date', () => {
    // prepare: the conference decided not to register
    const records = {
      ...discussedBeforeChristmas,
      meetings: [held('ICPC', 'i1', '2025-01-10', { outcome: { decision: 'do-not-register' } })],
    };

    // act
    const result = computeTimescales(records, policy, '2025-02-01');

    // assess: no registration, so no RCPC, core group or outline plan either
    expect(result.timescales).toEqual([]);
    expect(result.meetings).toEqual([
      {
        meetingId: 'i1',
        type: 'ICPC',
        heldOn: '2025-01-10',
        kind: 'ICPC',
        dueDate: '2025-01-14',
        inCompliance: true,
        countedFrom: { event: 'STRATEGY_DISCUSSION', date: '2024-12-19', recordId: 'sd1' },
        rule: 'icpc',
      },
    ]);
  });

  it('judges an ICPC held after its due date out of compliance', () => {
    const records = { ...discussedBeforeChristmas, meetings: [held('ICPC', 'i1', '2025-01-15')] };

    const [verdict] = meetingCompliance(records, policy, '2025-02-01');

    expect(verdict).toMatchObject({ dueDate: '2025-01-14', inCompliance: false });
  });

  it('is not closed by a cancelled ICPC', () => {
    const records = { ...discussedBeforeChristmas, meetings: [cancelled('ICPC', 'i1', '2025-01-10')] };

    const result = computeTimescales(records, policy, '2025-01-13');

    expect(result.meetings).toEqual([]);
    expect(result.timescales).toEqual([expect.objectContaining({ kind: 'ICPC', status: 'due-soon', workingDaysLeft: 1 })]);
  });

  it('is not closed by a booked ICPC, which stands for it until it is held', () => {
    const records = { ...discussedBeforeChristmas, meetings: [booked('ICPC', 'i1', '2025-01-13', { bookedOn: '2025-01-02' })] };

    const result = computeTimescales(records, policy, '2025-01-10');

    expect(result.meetings).toEqual([]);
    expect(result.timescales).toEqual([expect.objectContaining({ kind: 'ICPC', dueDate: '2025-01-14', rule: 'icpc', booking: { meetingId: 'i1', bookedFor: '2025-01-13' } })]);
  });

  it('is closed by a registration even when its ICPC is not recorded (the registration date is the ICPC date)', () => {
    const records = { ...discussedBeforeChristmas, registrations: [registration('r1', '2025-01-10')] };

    const open = openTimescales(records, policy, '2025-01-20');

    expect(open.map((t) => t.kind).sort()).toEqual(['CORE_GROUP', 'RCPC']);
  });

  it('is not started by a strategy discussion while the child is already registered', () => {
    // prepare: on the register since January 2024; new concerns discussed in May
    const records = child({
      registrations: [registration('r1', '2024-01-15')],
      strategyDiscussions: [strategyDiscussion('sd1', '2024-05-01')],
      meetings: [held('CORE_GROUP', 'g1', '2024-01-20'), held('RCPC', 'rc1', '2024-04-10')],
    });

    const open = openTimescales(records, policy, '2024-05-10');

    expect(open.map((t) => t.kind)).toEqual(['RCPC']);
  });
});

describe('a registration', () => {
  it('opens the outline plan, the first core group and the first RCPC, counted from the registering ICPC', () => {
    // act
    const open = openTimescales(registeredInJanuary, policy, '2025-01-15');

    // assess
    expect(open).toEqual([
      {
        kind: 'OUTLINE_PLAN',
        dueDate: '2025-01-21',
        countedFrom: { event: 'ICPC', date: '2025-01-14', recordId: 'i1' },
        rule: 'outlinePlan',
        statutory: true,
      },
      {
        kind: 'CORE_GROUP',
        dueDate: '2025-01-28',
        countedFrom: { event: 'REGISTRATION', date: '2025-01-14', recordId: 'r1' },
        rule: 'firstCoreGroup',
        statutory: true,
      },
      {
        kind: 'RCPC',
        dueDate: '2025-04-14',
        countedFrom: { event: 'REGISTRATION', date: '2025-01-14', recordId: 'r1' },
        rule: 'firstRcpc',
        statutory: true,
      },
    ]);
  });

  it('has its outline plan closed by outlinePlanSentOn on the ICPC', () => {
    const records = { ...registeredInJanuary, meetings: [registeringIcpc('i1', '2025-01-14', { outlinePlanSentOn: '2025-01-20' })] };

    const open = openTimescales(records, policy, '2025-01-21');

    expect(open.some((t) => t.kind === 'OUTLINE_PLAN')).toBe(false);
  });

  it('finds its registering ICPC by date when the link is not recorded', () => {
    const records = { ...registeredInJanuary, registrations: [registration('r1', '2025-01-14')] };

    const open = openTimescales(records, policy, '2025-01-15');

    expect(open.find((t) => t.kind === 'OUTLINE_PLAN')?.countedFrom.recordId).toBe('i1');
  });

  it('has its first core group closed by a core group held after the registering conference', () => {
    // prepare: a core group before the registration does not count
    const records = {
      ...registeredInJanuary,
      meetings: [...registeredInJanuary.meetings, held('CORE_GROUP', 'g0', '2024-06-01'), held('CORE_GROUP', 'g1', '2025-01-27')],
    };

    // act
    const result = computeTimescales(records, policy, '2025-02-01');

    // assess
    expect(result.timescales.some((t) => t.kind === 'CORE_GROUP')).toBe(false);
    expect(result.meetings.filter((m) => m.kind === 'CORE_GROUP')).toEqual([
      expect.objectContaining({ meetingId: 'g1', dueDate: '2025-01-28', inCompliance: true }),
    ]);
  });

  it('counts a core group held on the day of the registering conference', () => {
    const records = { ...registeredInJanuary, meetings: [...registeredInJanuary.meetings, held('CORE_GROUP', 'g1', '2025-01-14')] };

    const open = openTimescales(records, policy, '2025-01-15');

    expect(open.some((t) => t.kind === 'CORE_GROUP')).toBe(false);
  });

  it('runs the RCPC cycle: first 3 months after the ICPC (to 29 February), then 6 months after each RCPC', () => {
    // prepare: registered 30 November 2023; RCPCs on 28 February and, late, 2 September 2024
    const records = child({
      registrations: [registration('r1', '2023-11-30')],
      meetings: [held('CORE_GROUP', 'g1', '2023-12-05'), held('RCPC', 'rc1', '2024-02-28'), held('RCPC', 'rc2', '2024-09-02')],
    });

    // act
    const result = computeTimescales(records, policy, '2024-09-10');

    // assess
    expect(result.meetings.filter((m) => m.kind === 'RCPC').map((m) => [m.meetingId, m.dueDate, m.inCompliance, m.rule])).toEqual([
      ['rc1', '2024-02-29', true, 'firstRcpc'],
      ['rc2', '2024-08-28', false, 'laterRcpc'],
    ]);
    expect(result.timescales).toEqual([
      expect.objectContaining({ kind: 'RCPC', dueDate: '2025-03-02', countedFrom: { event: 'RCPC', date: '2024-09-02', recordId: 'rc2' }, rule: 'laterRcpc' }),
    ]);
  });

  it('keeps a month-based due date on a weekend', () => {
    const records = child({ registrations: [registration('r1', '2024-09-28')], meetings: [held('CORE_GROUP', 'g1', '2024-09-30')] });

    const open = openTimescales(records, policy, '2024-10-01');

    expect(open.find((t) => t.kind === 'RCPC')?.dueDate).toBe('2024-12-28');
  });

  it('stops the RCPC cycle at de-registration', () => {
    // prepare: de-registered at the RCPC of 2 September 2024; an RCPC recorded after that is no one's
    const records = child({
      registrations: [registration('r1', '2023-11-30', '2024-09-02')],
      meetings: [
        held('RCPC', 'rc1', '2024-02-28'),
        held('RCPC', 'rc2', '2024-09-02', { outcome: { decision: 'deregister' } }),
        held('RCPC', 'rc-after', '2024-10-01'),
      ],
    });

    // act
    const result = computeTimescales(records, policy, '2024-11-01');

    // assess
    expect(result.timescales).toEqual([]);
    expect(result.meetings.map((m) => m.meetingId)).toEqual(['rc1', 'rc2']);
  });

  it('starts a new RCPC cycle when the child is registered again', () => {
    // prepare: de-registered in September 2024, registered again on 15 April 2025
    const records = child({
      strategyDiscussions: [strategyDiscussion('sd1', '2023-11-10'), strategyDiscussion('sd2', '2025-04-01')],
      registrations: [registration('r1', '2023-11-30', '2024-09-02'), registration('r2', '2025-04-15', undefined, { registeredAtMeetingId: 'i2' })],
      meetings: [
        registeringIcpc('i1', '2023-11-30'),
        held('CORE_GROUP', 'g1', '2023-12-05'),
        held('RCPC', 'rc1', '2024-02-28'),
        held('RCPC', 'rc2', '2024-09-02'),
        registeringIcpc('i2', '2025-04-15'),
        held('CORE_GROUP', 'g2', '2025-04-28'),
      ],
    });

    // act
    const result = computeTimescales(records, policy, '2025-05-01');

    // assess
    expect(result.timescales).toEqual([
      expect.objectContaining({ kind: 'RCPC', dueDate: '2025-07-15', countedFrom: { event: 'REGISTRATION', date: '2025-04-15', recordId: 'r2' } }),
    ]);
    expect(result.meetings.map((m) => [m.meetingId, m.kind, m.dueDate, m.inCompliance])).toEqual([
      ['i1', 'ICPC', '2023-12-01', true],
      ['g1', 'CORE_GROUP', '2023-12-14', true],
      ['rc1', 'RCPC', '2024-02-29', true],
      ['rc2', 'RCPC', '2024-08-28', false],
      ['i2', 'ICPC', '2025-04-24', true],
      ['g2', 'CORE_GROUP', '2025-05-01', true], // Easter 2025 falls in the 10 working days
    ]);
  });
});

describe('a child both looked after and registered', () => {
  it('has the CER cycle and the child protection timescales side by side', () => {
    // prepare: looked after from 16 December 2024; a strategy discussion on the 19th
    const records = child({
      careEpisodes: [episode('e1', '2024-12-16')],
      strategyDiscussions: [strategyDiscussion('sd1', '2024-12-19')],
    });

    // act
    const open = openTimescales(records, policy, '2024-12-20');

    // assess: earliest due first
    expect(open.map((t) => [t.kind, t.dueDate])).toEqual([
      ['ICPC', '2025-01-14'],
      ['CER', '2025-01-16'],
    ]);
  });

  it('keeps both cycles over years of episodes and registrations', () => {
    // prepare
    const records = child({
      careEpisodes: [episode('e1', '2021-03-01', '2022-02-28'), episode('e2', '2024-01-08')],
      strategyDiscussions: [strategyDiscussion('sd1', '2020-11-02'), strategyDiscussion('sd2', '2023-11-20')],
      registrations: [registration('r1', '2020-11-20', '2021-05-20'), registration('r2', '2023-12-08')],
      meetings: [
        registeringIcpc('i1', '2020-11-20'),
        held('CORE_GROUP', 'g1', '2020-11-27'),
        held('RCPC', 'rc1', '2021-02-19'),
        held('RCPC', 'rc2', '2021-05-20'),
        held('CER', 'c1', '2021-03-26'),
        held('CER', 'c2', '2021-06-25'),
        registeringIcpc('i2', '2023-12-08'),
        held('CORE_GROUP', 'g2', '2023-12-15'),
        held('CER', 'c3', '2024-02-01', { recommendationsSentOn: '2024-02-06', managerRespondedOn: '2024-02-09' }),
        held('RCPC', 'rc3', '2024-03-07'),
        held('MIDPOINT', 'mp1', '2024-03-15'),
      ],
    });

    // act
    const result = computeTimescales(records, policy, '2024-03-20');

    // assess
    expect(result.timescales.map((t) => [t.kind, t.dueDate, t.countedFrom.recordId])).toEqual([
      ['CER', '2024-05-01', 'c3'],
      ['RCPC', '2024-09-07', 'rc3'],
    ]);
    expect(result.meetings.every((m) => m.inCompliance)).toBe(true);
    expect(result.meetings).toHaveLength(11);
  });
});

describe('the transfer-in conference', () => {
  /** Told on Monday 6 January 2025 that a registered child's move into the area is permanent: the conference is due 15 working days later, Monday 27 January. */
  const movedIn = (...meetings: Meeting[]) => child({ transferIns: [{ transferInId: 't1', notifiedOn: '2025-01-06' }], meetings });

  it('is due 15 working days after the notification, by its own rule, with the conference booked for it', () => {
    const open = openTimescales(movedIn(booked('TRANSFER_IN', 'ti1', '2025-01-24')), policy, '2025-01-07');

    expect(open).toEqual([
      {
        kind: 'TRANSFER_IN',
        dueDate: '2025-01-27',
        countedFrom: { event: 'TRANSFER_IN_NOTIFIED', date: '2025-01-06', recordId: 't1' },
        rule: 'transferIn',
        booking: { meetingId: 'ti1', bookedFor: '2025-01-24' },
        statutory: true,
      },
    ]);
  });

  it('is judged by its own rule once held', () => {
    const [verdict] = meetingCompliance(movedIn(held('TRANSFER_IN', 'ti1', '2025-01-24', { bookedFor: '2025-01-24' })), policy, '2025-01-31');

    expect(verdict).toMatchObject({ meetingId: 'ti1', kind: 'TRANSFER_IN', dueDate: '2025-01-27', inCompliance: true, rule: 'transferIn' });
  });
});
