/**
 * The arithmetic of the cost table (bench/cost-model.ts): a month's bill is
 * the measured units times the month's work times the prices, line by line.
 */
import { describe, expect, it } from 'vitest';
import { MONTH, PRICES, SIZES, monthOfWork, monthlyBill, type Measured, type UnitOfWork } from '../../bench/cost-model';

const unit = (over: Partial<UnitOfWork> = {}): UnitOfWork => ({ readUnits: 2, writeUnits: 10, ms: 50, logBytes: 250, ...over });

function measured(over: Partial<Measured> = {}): Measured {
  const routes = Object.fromEntries(Object.keys(monthOfWork(SIZES[0]!).requests).map((route) => [route, unit()]));
  return {
    routes,
    nightlyPerChild: unit({ readUnits: 0.04, writeUnits: 0.05, ms: 1, logBytes: 2 }),
    nightlyFixed: unit({ readUnits: 0, writeUnits: 0, ms: 0, logBytes: 0 }),
    monthlyPerChild: unit({ readUnits: 0.6, writeUnits: 0.02, ms: 3, logBytes: 1 }),
    monthlyFixed: unit({ readUnits: 0, writeUnits: 0, ms: 0, logBytes: 0 }),
    documentMs: 5_000,
    storedBytesPerChild: 40_000,
    auditBytesPerWrite: 600,
    readLogBytesPerRead: 250,
    idempotencyBytesPerPost: 3_000,
    readLogRetentionMonths: 72,
    idempotencyRetentionDays: 7,
    pageBytes: 400_000,
    pageFiles: 6,
    stack: { alarms: 8, customMetrics: 4, kmsKeys: 1 },
    accessLogBytesPerRequest: 400,
    platformLogBytesPerInvocation: 330,
    memoryMb: { api: 1024, jobs: 1024, document: 1024 },
    tracing: true,
    ...over,
  };
}

const line = (lines: ReturnType<typeof monthlyBill>, item: string) => lines.find((l) => l.item === item)!.usd;

describe('a month’s bill', () => {
  it('prices the write units of every route times its requests a month, plus the jobs’ per child', () => {
    const bridgend = SIZES[0]!;
    const work = monthOfWork(bridgend);
    const children = bridgend.lookedAfter + bridgend.registered;
    const requests = Object.values(work.requests).reduce((a, b) => a + b, 0);
    const units = requests * 10 + work.nightlyRuns * children * 0.05 + children * 0.02;

    expect(line(monthlyBill(bridgend, measured()), 'DynamoDB writes')).toBeCloseTo(units * PRICES.dynamoDb.writeRequestUnit, 10);
  });

  it('counts the fixed items once a month, whatever the size', () => {
    const [bridgend, , england] = SIZES;
    for (const size of [bridgend!, england!]) {
      expect(line(monthlyBill(size, measured()), 'CloudWatch alarms and metrics')).toBeCloseTo(8 * PRICES.cloudWatch.alarmMonth + 4 * PRICES.cloudWatch.metricMonth, 10);
      expect(line(monthlyBill(size, measured()), 'KMS key')).toBeGreaterThanOrEqual(PRICES.kms.keyMonth);
    }
  });

  it('grows the read log with its retention, and charges nothing for tracing that is off', () => {
    const england = SIZES[2]!;
    const sixYears = line(monthlyBill(england, measured()), 'DynamoDB storage: the read log');
    const oneYear = line(monthlyBill(england, measured({ readLogRetentionMonths: 12 })), 'DynamoDB storage: the read log');

    // Not quite six times: the line also holds the remembered answers, kept seven days whatever the read log's retention.
    expect(sixYears / oneYear).toBeCloseTo(6, 0);
    expect(sixYears / oneYear).toBeLessThan(6);
    expect(line(monthlyBill(england, measured({ tracing: false })), 'X-Ray tracing')).toBe(0);
    expect(line(monthlyBill(england, measured()), 'X-Ray tracing')).toBeGreaterThan(0);
  });

  it('samples traces as X-Ray’s default rule does: all of a quiet service’s requests, one a second and 5% of the rest of a busy one’s', () => {
    const bridgend = SIZES[0]!;
    const work = monthOfWork(bridgend);
    const requests = Object.values(work.requests).reduce((a, b) => a + b, 0);
    // Bridgend's requests come far under one a second in working hours: every one is traced.
    expect(requests / (MONTH.workingDays * MONTH.workingHoursPerDay * 3600)).toBeLessThan(1);
    const traces = line(monthlyBill(bridgend, measured()), 'X-Ray tracing') / (PRICES.xRay.traceRecorded + 0.1 * PRICES.xRay.traceRetrieved);
    expect(traces).toBeCloseTo(requests + work.nightlyRuns + work.monthlyRuns + work.documents, 3);

    const england = SIZES[2]!;
    const busy = monthOfWork(england);
    const busyRequests = Object.values(busy.requests).reduce((a, b) => a + b, 0);
    const seconds = MONTH.workingDays * MONTH.workingHoursPerDay * 3600;
    const busyTraces = line(monthlyBill(england, measured()), 'X-Ray tracing') / (PRICES.xRay.traceRecorded + 0.1 * PRICES.xRay.traceRetrieved);
    expect(busyRequests / seconds).toBeGreaterThan(1);
    expect(busyTraces - busy.nightlyRuns - busy.monthlyRuns - busy.documents).toBeCloseTo(seconds + 0.05 * (busyRequests - seconds), 0);
  });

  it('refuses to price a month with a route it has no measurement of, naming it', () => {
    const partial = measured();
    delete partial.routes['GET /timescales'];
    expect(() => monthlyBill(SIZES[0]!, partial)).toThrow(/no measurement for GET \/timescales/);
  });
});
