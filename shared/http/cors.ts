/**
 * Which cross-origin calls the HTTP API answers: only the service's own web
 * page's, with only the headers the page sends and reads. The stack gives it
 * to API Gateway's CORS configuration (with the page's CloudFront origin) and
 * the local API adapter answers the same way (with the local page's origin).
 */
import { ROUTES } from '#shared/http/routes';

/** The API's CORS rules, less the allowed origin, which the stack and the local adapter each add. */
export const API_CORS = Object.freeze({
  allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
  allowMethods: [...new Set(ROUTES.map((route) => route.method))].sort(),
  /** What the page reads of an answer: the version for If-Match, a download's file name, when to retry. */
  exposeHeaders: ['etag', 'location', 'content-disposition', 'retry-after'],
  maxAgeSeconds: 600,
});
