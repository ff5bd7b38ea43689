/**
 * Children's names and dates of birth never reach the logs, even at the most
 * talkative log level and on the paths that log the most (a refused request,
 * a failing dependency).
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { aChildBody } from '../support/children';
import { captureOutput } from '../support/output';
import { IRO_ONE, useApi } from './harness';

const NAMES = { givenName: 'Zebedee-Quillfeather', familyName: 'Marchbanks-Oddington', dateOfBirth: '2014-07-23' };

describe('the API’s logs', () => {
  const api = useApi({ logLevel: 'DEBUG' });
  const written = captureOutput();

  it('log each request, and never a name or a date of birth, on success, refusal and failure', async () => {
    const created = await api.post(IRO_ONE, '/children', aChildBody(NAMES));
    const refused = await api.post(IRO_ONE, '/children', aChildBody({ ...NAMES, gender: 'unknown', givenName: '' }));
    const mock = mockClient(DynamoDBDocumentClient);
    mock.onAnyCommand().rejects(new Error('DynamoDB is down'));
    let failed;
    try {
      failed = await api.post(IRO_ONE, '/children', aChildBody(NAMES));
    } finally {
      mock.restore();
    }

    expect([created.status, refused.status, failed.status]).toEqual([201, 400, 500]);
    const logs = written.join('');
    expect(logs).toContain('"routeKey":"POST /children"');
    for (const secret of Object.values(NAMES)) expect(logs).not.toContain(secret);
  });
});
