/**
 * Reading the environment: only function entry points and local tools call
 * this; the domain and the use cases take plain values.
 */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new Error(`The environment variable ${name} must be set.`);
  return value;
}
