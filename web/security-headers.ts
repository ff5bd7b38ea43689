/**
 * The page's security headers, in one place: CloudFront's response headers
 * policy sends them deployed (infra/constructs/web.ts), and `npm start`'s page
 * server sends the very same locally, so the browser tests run the page under
 * the policy it is deployed with.
 */

export interface PageHeaderOptions {
  /**
   * Origins the page may fetch from besides its own: the API and the sign-in
   * service (e.g. `https://abc.execute-api.eu-west-2.amazonaws.com`).
   */
  connectSources: readonly string[];
  /** Whether to send Strict-Transport-Security (only over HTTPS). */
  https: boolean;
}

/**
 * A strict Content-Security-Policy: the page's own script and styles only (no
 * inline script or style, no eval), no plugins, no framing, no base
 * rewriting, forms posting nowhere, and fetches only to its own origin and
 * the named ones.
 */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

/** Every security header the page is served with, by lower-case name. */
export function pageSecurityHeaders(options: PageHeaderOptions): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options.connectSources),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cross-origin-opener-policy': 'same-origin',
    ...(options.https ? { 'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains; preload` } : {}),
  };
}
