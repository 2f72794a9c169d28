import { createPublicKey, verify } from 'node:crypto';

/** Why a push request's VAPID authorization was refused, with the status a push service answers. */
export class VapidError extends Error {
  override readonly name = 'VapidError';
  constructor(
    /** 401: no usable `Authorization: vapid` header; 403: present but not valid. */
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** The application server a valid VAPID authorization identifies. */
export interface VapidClaims {
  /** The `k` parameter: its public key, base64url (uncompressed P-256 point). */
  readonly publicKey: string;
  /** The JWT's `sub` (a `mailto:` or `https:` contact), or `null`. */
  readonly subject: string | null;
  /** The JWT's `exp`, seconds since the epoch. */
  readonly expiresAt: number;
}

/** RFC 8292 caps a VAPID token's lifetime at a day. */
const MAX_LIFETIME_SECONDS = 24 * 3600;

/**
 * Checks an `Authorization: vapid t=<jwt>, k=<key>` header (RFC 8292): an ES256 JWT signed by the
 * key `k`, for `audience` (the push service's origin), not expired and not valid for more than a
 * day. Throws {@link VapidError}.
 */
export function verifyVapid(authorization: string | undefined, audience: string, nowSeconds: number): VapidClaims {
  const match = /^vapid\s+(.+)$/i.exec(authorization ?? '');
  if (!match) throw new VapidError(401, 'expected an "Authorization: vapid t=…, k=…" header');
  const params = new Map(
    match[1]!.split(',').map((part) => {
      const [name = '', ...value] = part.trim().split('=');
      return [name.toLowerCase(), value.join('=')] as const;
    }),
  );
  const token = params.get('t');
  const key = params.get('k');
  if (!token || !key) throw new VapidError(401, 'the vapid authorization needs both t and k');

  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined)
    throw new VapidError(403, 'the token is not a JWT');
  const { alg } = decodeJson(header);
  if (alg !== 'ES256') throw new VapidError(403, `the token must be ES256, not ${String(alg)}`);
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new VapidError(403, 'k is not an uncompressed P-256 public key');
  const publicKey = createPublicKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) throw new VapidError(403, 'the token is not signed by k');

  const claims = decodeJson(payload);
  if (claims.aud !== audience) throw new VapidError(403, `the token's aud must be ${audience}`);
  const exp = claims.exp;
  if (typeof exp !== 'number' || exp <= nowSeconds) throw new VapidError(403, 'the token has expired');
  if (exp > nowSeconds + MAX_LIFETIME_SECONDS) throw new VapidError(403, 'the token is valid for more than 24 h');
  return { publicKey: key, subject: typeof claims.sub === 'string' ? claims.sub : null, expiresAt: exp };
}

function decodeJson(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch {
    // Falls through to the refusal below.
  }
  throw new VapidError(403, 'the token is not a JWT');
}
