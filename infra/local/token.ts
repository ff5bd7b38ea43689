/**
 * Prints a bearer token for the local stack:
 *   npm run --silent token -- --email iro.one@example.org --role iro
 * `--role` may be repeated. Reads (or makes) the key in DATA_DIR.
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '#shared/domain/access';
import { loadOrCreateSigningKey, signLocalToken } from '#infra/local/local-auth';
import { localSettings } from '#infra/local/settings';

const usage = `usage: npm run --silent token -- --email someone@example.org --role <${ROLES.join('|')}> [--role ...] [--expires-in 12h]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string', multiple: true },
      'expires-in': { type: 'string' },
    },
  });
  const roles = values.role ?? [];
  if (!values.email || roles.length === 0) throw new Error(usage);
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) throw new Error(`unknown role ${unknown.join(', ')}\n${usage}`);
  const key = await loadOrCreateSigningKey(localSettings().dataDir);
  const token = await signLocalToken(key, {
    email: values.email,
    roles: roles as Role[],
    ...(values['expires-in'] ? { expiresIn: values['expires-in'] } : {}),
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
