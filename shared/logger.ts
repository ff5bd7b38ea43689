import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The service's structured logger. Never log a child's name or date of birth:
 * log ids, case references at most, and counts.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}
