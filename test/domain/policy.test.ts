import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMESCALE_POLICY, loadTimescalePolicy } from '#shared/domain/timescales/policy';
import { parseTimescalePolicy, timescalePolicyFromJson } from '#shared/domain/timescales/policy-override';
import { InvalidTimescalePolicyError } from '#shared/domain/errors';

describe('DEFAULT_TIMESCALE_POLICY', () => {
  it("holds docs/domain.md's figures", () => {
    expect(DEFAULT_TIMESCALE_POLICY).toEqual({
      firstCerWorkingDays: 20,
      secondCerMonths: 3,
      laterCerMonths: 6,
      unplannedPlacementChangeCer: true,
      unplannedPlacementChangeCerWorkingDays: 20,
      icpcWorkingDays: 15,
      icpcCountsFrom: 'last-strategy-discussion',
      transferInWorkingDays: 15,
      outlinePlanWorkingDays: 5,
      firstCoreGroupWorkingDays: 10,
      firstRcpcMonths: 3,
      laterRcpcMonths: 6,
      recommendationsWorkingDays: 5,
      managerResponseWorkingDays: 5,
      midpointReviews: true,
      dueSoonWorkingDays: 10,
    });
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_TIMESCALE_POLICY)).toBe(true);
  });
});

describe('parseTimescalePolicy', () => {
  it('lays a partial override on the defaults', () => {
    // prepare: an English authority counts the ICPC from the first strategy discussion
    const override = { icpcCountsFrom: 'first-strategy-discussion', unplannedPlacementChangeCer: false };

    // act
    const policy = parseTimescalePolicy(override);

    // assess
    expect(policy).toEqual({ ...DEFAULT_TIMESCALE_POLICY, ...override });
  });

  it('gives the defaults for no override', () => {
    expect(parseTimescalePolicy(undefined)).toEqual(DEFAULT_TIMESCALE_POLICY);
    expect(parseTimescalePolicy({})).toEqual(DEFAULT_TIMESCALE_POLICY);
  });

  it.each([
    [{ icpcWorkingDays: 6.5 }, 'icpcWorkingDays: must be a whole number of working days'],
    [{ icpcWorkingDays: -3 }, 'icpcWorkingDays: must be at least 1 working day'],
    [{ laterRcpcMonths: 182 }, 'laterRcpcMonths: must be at most 24 months'],
    [{ secondCerMonths: '3' }, 'secondCerMonths: must be a number of months'],
    [{ icpcCountsFrom: 'middle' }, 'icpcCountsFrom: must be one of "last-strategy-discussion", "first-strategy-discussion"'],
    [{ midpointReviews: 'yes' }, 'midpointReviews: must be true or false'],
    [{ icpcWorkingDay: 10 }, 'unknown setting "icpcWorkingDay"'],
    [[15], 'must be an object'],
    ['15', 'must be an object'],
  ])('rejects %j, saying "%s"', (override, message) => {
    expect(() => parseTimescalePolicy(override)).toThrow(InvalidTimescalePolicyError);
    expect(() => parseTimescalePolicy(override)).toThrow(message);
  });

  it('lists every problem at once', () => {
    // prepare
    let caught: InvalidTimescalePolicyError | undefined;

    // act
    try {
      parseTimescalePolicy({ firstCerWorkingDays: 0, laterCerMonths: 0.5, typo: 1 });
    } catch (error) {
      caught = error as InvalidTimescalePolicyError;
    }

    // assess
    expect(caught?.issues).toHaveLength(3);
  });

  it('allows a due-soon horizon of 0 (due today only)', () => {
    expect(parseTimescalePolicy({ dueSoonWorkingDays: 0 }).dueSoonWorkingDays).toBe(0);
  });
});

describe('timescalePolicyFromJson', () => {
  it('reads an override from a JSON setting', () => {
    expect(timescalePolicyFromJson('{"recommendationsWorkingDays": 10}').recommendationsWorkingDays).toBe(10);
  });

  it('gives the defaults for an empty or absent setting', () => {
    expect(timescalePolicyFromJson(undefined)).toBe(DEFAULT_TIMESCALE_POLICY);
    expect(timescalePolicyFromJson('  ')).toBe(DEFAULT_TIMESCALE_POLICY);
  });

  it('rejects text that is not JSON', () => {
    expect(() => timescalePolicyFromJson('{icpcWorkingDays: 10}')).toThrow(/not JSON/);
  });
});

describe('loadTimescalePolicy (what a function starts with)', () => {
  it('is the defaults themselves when the setting is unset or empty', async () => {
    expect(await loadTimescalePolicy(undefined)).toBe(DEFAULT_TIMESCALE_POLICY);
    expect(await loadTimescalePolicy('  ')).toBe(DEFAULT_TIMESCALE_POLICY);
  });

  it('lays an override on the defaults, as timescalePolicyFromJson does', async () => {
    const text = '{"icpcWorkingDays": 10, "icpcCountsFrom": "first-strategy-discussion"}';
    expect(await loadTimescalePolicy(text)).toEqual(timescalePolicyFromJson(text));
    expect((await loadTimescalePolicy(text)).icpcWorkingDays).toBe(10);
  });

  it('refuses a bad override, naming the setting', async () => {
    await expect(loadTimescalePolicy('{"icpcWorkingDay": 10}')).rejects.toThrow(InvalidTimescalePolicyError);
    await expect(loadTimescalePolicy('{"icpcWorkingDay": 10}')).rejects.toThrow(/icpcWorkingDay/);
  });
});
