/**
 * What the service costs a council a month: the prices (one place, with the
 * region, the date they were read and where from), the councils it is priced
 * for, the ordinary month of work each does, and the arithmetic that turns the
 * measured units (bench/cost.ts) into pounds. Nothing here is measured.
 */

/**
 * AWS's public on-demand prices for Europe (London), eu-west-2, in US dollars. Read on 2026-12-06 from the figures
 * the author holds of the AWS pricing pages named below; this machine cannot reach aws.amazon.com, so re-read them
 * (or the AWS Pricing Calculator) before quoting this table to procurement. No free tier is counted but Cognito's
 * 10,000 monthly active users, which every account has for good (the 12-month free tier ends; many councils share an
 * account with other work).
 */
export const PRICES = {
  region: 'eu-west-2',
  read: '2026-12-06',
  source: 'aws.amazon.com/{dynamodb,lambda,api-gateway,cloudwatch,kms,ses,xray,cognito,cloudfront,s3}/pricing, Europe (London)',
  /** US dollars to pounds: the rate assumed, not read from a market. */
  usdToGbp: 0.79,
  dynamoDb: {
    /** On-demand, per write request unit (1 KB; a transaction's item twice). */
    writeRequestUnit: 0.7425 / 1e6,
    /** On-demand, per read request unit (4 KB strongly consistent; half that eventually consistent). */
    readRequestUnit: 0.1485 / 1e6,
    storageGbMonth: 0.297,
    /** Continuous backups: per GB-month of the table's size. */
    pitrGbMonth: 0.232,
  },
  lambda: {
    /** Arm (Graviton), as every function of the stack runs. */
    gbSecond: 0.0000133334,
    request: 0.2 / 1e6,
  },
  /** HTTP API, per request (the first 300 million a month). */
  httpApiRequest: 1.11 / 1e6,
  cloudWatch: {
    logsIngestedGb: 0.5985,
    logsStoredGbMonth: 0.0315,
    /** A custom metric (the jobs' embedded metrics): per metric a month. */
    metricMonth: 0.3,
    /** A standard-resolution alarm on one metric, per month. */
    alarmMonth: 0.1,
  },
  kms: { keyMonth: 1, request: 0.03 / 10_000 },
  ses: { email: 0.1 / 1_000 },
  xRay: { traceRecorded: 5 / 1e6, traceRetrieved: 0.5 / 1e6 },
  /** Cognito user pools, Essentials (the CDK's default feature plan), beyond the free 10,000 monthly active users. */
  cognito: { monthlyActiveUser: 0.015, freeMonthlyActiveUsers: 10_000 },
  cloudFront: { gbOut: 0.085, httpsRequest: 0.012 / 10_000 },
  s3: { storageGbMonth: 0.024, getRequest: 0.00042 / 1_000 },
} as const;

/** A council, or a nation's councils taken as one service: its register and staff. */
export interface CouncilSize {
  name: string;
  /** Children looked after (the CEC). */
  lookedAfter: number;
  /** Children on the child protection register. */
  registered: number;
  iros: number;
  teamManagers: number;
  /** Service managers and admins: the monthly figures, the annual report. */
  managers: number;
}

/**
 * The sizes the issue names. Bridgend: 480 children and 10 IROs (its annual report); about 380 looked after and 100
 * on the register. Wales: about 7,000 looked after and 2,500 on the register. England: about 84,000 looked after and
 * 50,000 on plans. Staff beyond Bridgend scale with the children: an IRO for every 48 children, a team manager for
 * every 4 IROs.
 */
export const SIZES: readonly CouncilSize[] = [
  { name: 'Bridgend', lookedAfter: 380, registered: 100, iros: 10, teamManagers: 3, managers: 3 },
  staffed('All of Wales', 7_000, 2_500),
  staffed('All of England', 84_000, 50_000),
];

function staffed(name: string, lookedAfter: number, registered: number): CouncilSize {
  const iros = Math.round((lookedAfter + registered) / 48);
  return { name, lookedAfter, registered, iros, teamManagers: Math.ceil(iros / 4), managers: Math.ceil(iros / 10) };
}

/** A calendar month: working days (when people use the service and the nightly job sends) and days (when it runs). */
export const MONTH = { workingDays: 21, days: 30.4, workingHoursPerDay: 8 } as const;

/**
 * The measured unit of work a month is made of: a request to one route, or a run of a job, with what one costs.
 * `units` are DynamoDB's; `ms` the function's own time; `logBytes` what it logged.
 */
export interface UnitOfWork {
  readUnits: number;
  writeUnits: number;
  ms: number;
  logBytes: number;
}

/** How many times a month each route is called, for a council of `size`. */
export interface MonthOfWork {
  /** Requests a month to each measured route (by name, as bench/cost.ts measures them). */
  requests: Record<string, number>;
  /** Nightly runs that do work (working days), and those that only check the day (weekends, bank holidays). */
  nightlyRuns: number;
  nightlyIdleRuns: number;
  monthlyRuns: number;
  /** Committee documents made (the annual report's Word document). */
  documents: number;
  emails: number;
  /** Distinct people signed in in the month (Cognito's monthly active users). */
  activeUsers: number;
  /** Page loads (CloudFront): each person opens the page about twice a working day. */
  pageLoads: number;
}

/**
 * An ordinary month, from the reports' own counts. Bridgend, 2023-24: 1,054 CERs (about 0.23 a looked-after child a
 * month), 376 ICPCs and 749 RCPCs (0.31 and 0.62 a registered child a month: a register turns over fast). Every
 * statutory meeting is booked first and its outcome recorded later (two writes); looked-after children have a
 * mid-point review between CERs and a placement change about every ten months; a child on a plan has a core group
 * about every six weeks and a strategy discussion before each ICPC. One write in ten is a correction. An IRO opens each
 * of their children's files about once a week and before each write, and everyone opens their lists (children,
 * timescales) each working day; managers read the month's snapshot and the annual report a few times.
 */
export function monthOfWork(size: CouncilSize): MonthOfWork {
  const la = size.lookedAfter;
  const cp = size.registered;
  const meetings = {
    cer: 0.23 * la,
    midPoint: 0.2 * la,
    icpc: 0.31 * cp,
    rcpc: 0.62 * cp,
    coreGroup: 0.7 * cp,
  };
  const booked = meetings.cer + meetings.icpc + meetings.rcpc;
  const records = {
    careEpisode: 0.05 * la,
    placementChange: 0.1 * la,
    strategyDiscussion: 0.4 * cp,
    newChild: 0.04 * (la + cp),
  };
  const meetingWrites = booked * 2 + meetings.midPoint + meetings.coreGroup;
  const writes = meetingWrites + records.careEpisode + records.placementChange + records.strategyDiscussion + records.newChild;
  const staff = size.iros + size.teamManagers;
  const people = staff + size.managers;
  return {
    requests: {
      'POST /children': records.newChild,
      'POST /children/{childId}/meetings (booked)': booked,
      'PATCH /children/{childId}/meetings/{meetingId} (held)': booked,
      'POST /children/{childId}/meetings (held)': meetings.midPoint + meetings.coreGroup,
      'POST /children/{childId}/care-episodes': records.careEpisode,
      'POST /children/{childId}/placement-changes': records.placementChange,
      'POST /children/{childId}/strategy-discussions': records.strategyDiscussion,
      'PATCH a record (a correction)': 0.1 * writes,
      'GET /children/{childId}': writes + 4.3 * (la + cp),
      'GET /children': people * MONTH.workingDays,
      'GET /timescales': staff * MONTH.workingDays,
      'GET /snapshots/{month}': size.managers * 3,
      'GET /reports/annual': size.managers * 2,
    },
    nightlyRuns: MONTH.workingDays,
    nightlyIdleRuns: MONTH.days - MONTH.workingDays,
    monthlyRuns: 1,
    documents: 1,
    emails: staff * MONTH.workingDays,
    activeUsers: people,
    pageLoads: people * MONTH.workingDays * 2,
  };
}

/** What was measured, per unit: each route's request, each job's run (at the size given), the stored bytes. */
export interface Measured {
  routes: Record<string, UnitOfWork>;
  /** A nightly run that works, per child of the register it runs on (its units and time grow with the due items). */
  nightlyPerChild: UnitOfWork;
  /** A nightly run's fixed part (the queries of the shards, the day's check). */
  nightlyFixed: UnitOfWork;
  monthlyPerChild: UnitOfWork;
  monthlyFixed: UnitOfWork;
  /** A committee document: its function's time (the API's request for it is among the routes). */
  documentMs: number;
  /** The table and its indexes, bytes a child, for the history the benchmark's register holds. */
  storedBytesPerChild: number;
  /** The audit trail's growth: bytes a write (its table item; the audit is in no index). */
  auditBytesPerWrite: number;
  /** The read log's growth: bytes a read of a child's file or a list. */
  readLogBytesPerRead: number;
  /** An idempotent POST's remembered answer: bytes. */
  idempotencyBytesPerPost: number;
  /** How long the read log is kept (its items expire), in months, and the remembered answers, in days. */
  readLogRetentionMonths: number;
  idempotencyRetentionDays: number;
  /** The page's bytes (the first load; later loads are cached) and its files. */
  pageBytes: number;
  pageFiles: number;
  /** From the synthesized stack: alarms, custom metrics, KMS keys, functions. */
  stack: { alarms: number; customMetrics: number; kmsKeys: number };
  /** Bytes each API request adds to the API's access log, and each invocation to its function's log (START/END/REPORT). */
  accessLogBytesPerRequest: number;
  platformLogBytesPerInvocation: number;
  /** Megabytes of memory each function runs with. */
  memoryMb: { api: number; jobs: number; document: number };
  /** Whether every function traces (X-Ray): sampled at the default rule, 1 a second and 5% of the rest. */
  tracing: boolean;
}

export interface CostLine {
  item: string;
  /** US dollars a month. */
  usd: number;
  /** How it was reached, in a few words. */
  basis: string;
}

const GB = 1024 ** 3;

/**
 * The table is priced as it stands in its sixth year of use: the register's files as the benchmark's register holds
 * them (three years of history each), the files of the children who have left since (kept: a looked-after child's
 * record is kept until their 75th birthday), six years of audit trail, and the read log and remembered answers as
 * long as they are kept.
 */
export const YEARS_IN_USE = 6;
/** Children who leave the register (or care) in a year, as a share of it; their files stay. */
export const TURNOVER_A_YEAR = 0.3;

/** The month's bill for a council of `size`, line by line, in US dollars. */
export function monthlyBill(size: CouncilSize, measured: Measured): CostLine[] {
  const work = monthOfWork(size);
  const children = size.lookedAfter + size.registered;
  const P = PRICES;
  const requests = Object.entries(work.requests);
  const missing = requests.filter(([route]) => !measured.routes[route]).map(([route]) => route);
  if (missing.length) throw new Error(`no measurement for ${missing.join(', ')}`);
  const apiRequests = requests.reduce((n, [, count]) => n + count, 0);
  const sum = (f: (unit: UnitOfWork) => number) => requests.reduce((n, [route, count]) => n + count * f(measured.routes[route]!), 0);
  const nightly = (f: (unit: UnitOfWork) => number) => work.nightlyRuns * (f(measured.nightlyFixed) + children * f(measured.nightlyPerChild));
  const monthly = (f: (unit: UnitOfWork) => number) => work.monthlyRuns * (f(measured.monthlyFixed) + children * f(measured.monthlyPerChild));
  const all = (f: (unit: UnitOfWork) => number) => sum(f) + nightly(f) + monthly(f);

  const writeUnits = all((u) => u.writeUnits);
  const readUnits = all((u) => u.readUnits);
  const reads = work.requests['GET /children/{childId}']! + work.requests['GET /children']! + work.requests['GET /timescales']!;
  const writes = apiRequests - reads - work.requests['GET /snapshots/{month}']! - work.requests['GET /reports/annual']!;
  const posts = requests.filter(([route]) => route.startsWith('POST')).reduce((n, [, count]) => n + count, 0);
  const months = 12 * YEARS_IN_USE;
  const filesGb = (children * (1 + TURNOVER_A_YEAR * YEARS_IN_USE) * measured.storedBytesPerChild) / GB;
  const auditGb = (months * writes * measured.auditBytesPerWrite) / GB;
  const readLogGb = (Math.min(months, measured.readLogRetentionMonths) * reads * measured.readLogBytesPerRead) / GB;
  const answersGb = ((measured.idempotencyRetentionDays / MONTH.days) * posts * measured.idempotencyBytesPerPost) / GB;
  const storedGb = filesGb + auditGb + readLogGb + answersGb;
  const invocations = apiRequests + work.nightlyRuns + work.nightlyIdleRuns + work.monthlyRuns + work.documents;
  const gbSeconds =
    (sum((u) => u.ms) * measured.memoryMb.api + (nightly((u) => u.ms) + monthly((u) => u.ms)) * measured.memoryMb.jobs + work.documents * measured.documentMs * measured.memoryMb.document) /
    1000 /
    1024;
  const logGb = (all((u) => u.logBytes) + invocations * measured.platformLogBytesPerInvocation + apiRequests * measured.accessLogBytesPerRequest) / GB;
  // X-Ray's default sampling: the first request each second, then 5%; the requests fall in working hours.
  const perSecond = apiRequests / (MONTH.workingDays * MONTH.workingHoursPerDay * 3600);
  const sampled = perSecond <= 1 ? apiRequests : apiRequests * ((1 + 0.05 * (perSecond - 1)) / perSecond);
  const traces = measured.tracing ? sampled + work.nightlyRuns + work.monthlyRuns + work.documents : 0;
  // DynamoDB asks KMS for the table's key about every five minutes while it is in use (its own cache), from a few hosts.
  const kmsRequests = 2 * 12 * 24 * MONTH.days;
  const pageGb = (work.pageLoads * measured.pageBytes * 0.2) / GB;

  const lines: CostLine[] = [
    { item: 'DynamoDB writes', usd: writeUnits * P.dynamoDb.writeRequestUnit, basis: `${fmt(writeUnits)} write units (table and indexes)` },
    { item: 'DynamoDB reads', usd: readUnits * P.dynamoDb.readRequestUnit, basis: `${fmt(readUnits)} read units` },
    { item: 'DynamoDB storage: the files', usd: filesGb * P.dynamoDb.storageGbMonth, basis: `${filesGb.toFixed(2)} GB with the indexes' copies` },
    { item: 'DynamoDB storage: the audit trail', usd: auditGb * P.dynamoDb.storageGbMonth, basis: `${auditGb.toFixed(2)} GB, ${YEARS_IN_USE} years of writes` },
    {
      item: 'DynamoDB storage: the read log',
      usd: (readLogGb + answersGb) * P.dynamoDb.storageGbMonth,
      basis: `${readLogGb.toFixed(2)} GB, ${Math.min(months, measured.readLogRetentionMonths)} months of reads; remembered answers ${(answersGb * 1024).toFixed(1)} MB`,
    },
    { item: 'Point-in-time recovery', usd: storedGb * P.dynamoDb.pitrGbMonth, basis: `${storedGb.toFixed(2)} GB` },
    { item: 'Lambda', usd: gbSeconds * P.lambda.gbSecond + invocations * P.lambda.request, basis: `${fmt(invocations)} invocations, ${fmt(gbSeconds)} GB-s` },
    { item: 'API Gateway (HTTP API)', usd: apiRequests * P.httpApiRequest, basis: `${fmt(apiRequests)} requests` },
    { item: 'CloudWatch Logs', usd: logGb * P.cloudWatch.logsIngestedGb + logGb * 3 * P.cloudWatch.logsStoredGbMonth, basis: `${(logGb * 1024).toFixed(0)} MB a month, kept 3 months` },
    {
      item: 'CloudWatch alarms and metrics',
      usd: measured.stack.alarms * P.cloudWatch.alarmMonth + measured.stack.customMetrics * P.cloudWatch.metricMonth,
      basis: `${measured.stack.alarms} alarms, ${measured.stack.customMetrics} custom metrics`,
    },
    { item: 'KMS key', usd: measured.stack.kmsKeys * P.kms.keyMonth + kmsRequests * P.kms.request, basis: `${measured.stack.kmsKeys} key, about ${fmt(kmsRequests)} requests` },
    { item: 'SES', usd: work.emails * P.ses.email, basis: `${fmt(work.emails)} emails` },
    { item: 'X-Ray tracing', usd: traces * P.xRay.traceRecorded + traces * 0.1 * P.xRay.traceRetrieved, basis: measured.tracing ? `${fmt(traces)} traces recorded (default sampling)` : 'off' },
    {
      item: 'Cognito',
      usd: Math.max(0, work.activeUsers - P.cognito.freeMonthlyActiveUsers) * P.cognito.monthlyActiveUser,
      basis: `${fmt(work.activeUsers)} monthly active users (${fmt(P.cognito.freeMonthlyActiveUsers)} free)`,
    },
    {
      item: 'CloudFront and S3 (the page)',
      usd: pageGb * P.cloudFront.gbOut + work.pageLoads * measured.pageFiles * 0.2 * P.cloudFront.httpsRequest + (measured.pageBytes / GB) * P.s3.storageGbMonth + work.pageLoads * 0.02 * measured.pageFiles * P.s3.getRequest,
      basis: `${fmt(work.pageLoads)} page loads, a fifth uncached`,
    },
  ];
  return lines;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

/** Pounds from dollars, at {@link PRICES}' rate. */
export const gbp = (usd: number) => usd * PRICES.usdToGbp;

/** The targets: all in, a month. */
export const COST_TARGETS_GBP: Readonly<Record<string, number>> = { Bridgend: 10, 'All of England': 150 };
