/**
 * `GET /reports/annual?format=docx` through the API as a client meets it: the
 * API function has the document made by the document function (here, the
 * local stand-in for Lambda's Invoke API running that very handler), and
 * answers it as a binary download, through API Gateway's base64 payload.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '#infra/local/local-auth';
import { REPORT_CHARTS } from '#shared/domain/report-charts';
import { DynamoDbBulkImport } from '#shared/store/dynamodb/bulk-import';
import { JANUARY_2025_REGISTER } from '../domain/figures-fixtures';
import { ADMIN, IRO_ONE, SERVICE_MANAGER, expectServiceError, useApi, type Person } from '../api/harness';
import { readDocx } from '../support/docx';
import { seedRegister } from '../support/seed';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('the annual report as the committee’s Word document, through the API', () => {
  const api = useApi();

  /** The raw answer: the harness reads bodies as text, and a .docx is bytes. */
  async function download(as: Person, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
    const response = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${await signLocalToken(api.key, as)}`, ...headers } });
    return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  beforeAll(async () => {
    await seedRegister(new DynamoDbBulkImport({ client: api.table.documentClient, tableName: api.table.tableName }), JANUARY_2025_REGISTER);
    for (const month of ['2024-04', '2024-10', '2025-01']) await api.given(ADMIN, 'POST', `/snapshots/${month}`, undefined);
  });

  it('answers the .docx as an attachment named for the year, with every chart of the year’s figures in it', async () => {
    const answer = await download(SERVICE_MANAGER, '/reports/annual?year=2024&format=docx');
    const json = (await api.get(SERVICE_MANAGER, '/reports/annual?year=2024')).body;

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(DOCX);
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="annual-report-2024-25.docx"');
    const docx = readDocx(answer.bytes);
    const pictures = docx.body.flatMap((block) => (block.kind === 'paragraph' ? block.pictures : []));
    expect(pictures).toHaveLength(REPORT_CHARTS.length);
    for (const picture of pictures) expect(picture.descr.length).toBeGreaterThan(40);
    const texts = docx.body.flatMap((block) => (block.kind === 'paragraph' ? [block.text] : []));
    for (const headline of json.headlines as string[]) expect(texts).toContain(headline);
  }, 90_000);

  it('is documented as the route’s docx answer, and asked for by Accept as well as by ?format=', async () => {
    const answer = await api.get(SERVICE_MANAGER, '/reports/annual?year=2024', { accept: DOCX });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(DOCX);
  }, 90_000);

  it('refuses a format it does not make, and an IRO, as it refuses them the JSON', async () => {
    expectServiceError(await api.get(SERVICE_MANAGER, '/reports/annual?year=2024&format=pdf'), 400, 'validation_failed');
    expectServiceError(await api.get(IRO_ONE, '/reports/annual?year=2024&format=docx'), 403, 'forbidden');
  });
});
