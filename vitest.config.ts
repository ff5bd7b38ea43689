import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // DynamoDB Local and the SES emulator, started once for the whole run.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // X-Ray tracing off, as locally: the Tracer sends nothing and patches no client (shared/tracing.ts).
    env: { POWERTOOLS_TRACE_ENABLED: 'false' },
  },
});
