/**
 * The local stack's settings, from the environment with defaults, so that two
 * copies with different ports and data folders can run side by side.
 */
import path from 'node:path';

export interface LocalSettings {
  apiPort: number;
  /** The web page (its own origin, as deployed). */
  webPort: number;
  dynamoDbPort: number;
  sesPort: number;
  dataDir: string;
  tableName: string;
  region: string;
}

export function localSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  return {
    apiPort: port(env, 'PORT', 3000),
    webPort: port(env, 'WEB_PORT', 3001),
    dynamoDbPort: port(env, 'DYNAMODB_PORT', 8000),
    sesPort: port(env, 'SES_PORT', 8005),
    dataDir: path.resolve(env['DATA_DIR'] || '.data'),
    tableName: env['TABLE_NAME'] || 'iro-timescales',
    region: env['AWS_REGION'] || 'eu-west-2',
  };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number, not "${raw}".`);
  return value;
}

/**
 * The environment the functions see locally: the standard AWS SDK endpoint
 * variables point them at the stand-ins (Lambda's too, when one runs), with a region and dummy credentials,
 * and the nightly email's links at the local page, when it is known. X-Ray tracing is off: there is no
 * daemon to send to (the Tracer also turns itself off outside Lambda; this says so whatever the environment).
 */
export function localFunctionEnv(settings: {
  tableName: string;
  region: string;
  dynamoDbEndpoint: string;
  sesEndpoint: string;
  pageUrl?: string;
  /** The local stand-in for Lambda's Invoke API (infra/local/lambda-local.ts), which makes the committee's document. */
  lambdaEndpoint?: string;
}): Record<string, string> {
  return {
    ...(settings.pageUrl ? { PAGE_URL: settings.pageUrl } : {}),
    ...(settings.lambdaEndpoint ? { AWS_ENDPOINT_URL_LAMBDA: settings.lambdaEndpoint } : {}),
    ANNUAL_DOCUMENT_FUNCTION_NAME: 'annual-document',
    TABLE_NAME: settings.tableName,
    AWS_REGION: settings.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: settings.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_SES: settings.sesEndpoint,
    SENDER_EMAIL: 'iro-timescales@example.org',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
}
