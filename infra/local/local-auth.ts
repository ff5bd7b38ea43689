/**
 * The local stand-in for Cognito and the HTTP API's JWT authorizer: tokens
 * signed with a key made on first use and kept in the data folder, verified
 * with the same checks the authorizer makes (signature, issuer, audience,
 * expiry).
 */
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { Role } from '#shared/domain/access';

export const LOCAL_ISSUER = 'urn:iro-timescales:local';
export const LOCAL_AUDIENCE = 'iro-timescales-local-client';
const ALGORITHM = 'ES256';
const KEY_FILE = 'local-signing-key.json';

export interface LocalSigningKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** Reads the data folder's signing key, making it on first use. */
export async function loadOrCreateSigningKey(dataDir: string): Promise<LocalSigningKey> {
  const file = path.join(dataDir, KEY_FILE);
  let jwk: JWK;
  try {
    jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    jwk = { ...(await exportJWK(privateKey)), alg: ALGORITHM };
    mkdirSync(dataDir, { recursive: true });
    // Write whole, then link into place: a reader never sees a half-written key,
    // and when two processes race, the first link wins and both use its key.
    const draft = `${file}.${process.pid}.${Date.now()}`;
    writeFileSync(draft, JSON.stringify(jwk), { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (linkError) {
      if ((linkError as NodeJS.ErrnoException).code !== 'EEXIST') throw linkError;
      jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    } finally {
      unlinkSync(draft);
    }
  }
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, ALGORITHM)) as CryptoKey,
  };
}

export interface TokenRequest {
  email: string;
  roles: readonly Role[];
  /** Lifetime, e.g. '12h'. */
  expiresIn?: string;
}

/** A token shaped like a Cognito ID token: `email`, `cognito:groups`, `aud` = the app client. */
export async function signLocalToken(key: LocalSigningKey, request: TokenRequest): Promise<string> {
  return new SignJWT({ email: request.email, 'cognito:groups': [...request.roles], token_use: 'id' })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(request.email)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(key.privateKey);
}

/** Verifies a bearer token as the JWT authorizer would; throws when it is not good. */
export async function verifyLocalToken(key: LocalSigningKey, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, key.publicKey, {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    algorithms: [ALGORITHM],
    requiredClaims: ['exp'],
  });
  // The authorizer also wants iat before now; jose checks it only with maxTokenAge.
  if (typeof payload.iat !== 'number' || payload.iat > Date.now() / 1000) throw new Error('the token is issued in the future, or says not when');
  return payload;
}
