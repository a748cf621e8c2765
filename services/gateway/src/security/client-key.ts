import { createHash } from 'node:crypto';
import type { Request } from 'express';

const digest = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 22);

/**
 * The bucket of an identified client: the token's issuer and subject, or the API key's id
 * (`ipt_<id>_<secret>`; any other key as a whole), hashed. The token is decoded WITHOUT verification: this
 * only picks a bucket. Trust is the services' job; a forged token gets its own bucket and a 401.
 */
export function clientKeyOf(req: Request): string | undefined {
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return `k:${digest(/^ipt_([0-9a-f]+)_/.exec(apiKey)?.[1] ?? apiKey)}`;
  const auth = req.headers.authorization;
  if (typeof auth !== 'string') return undefined;
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$/i.exec(auth.trim());
  if (!match) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(match[2] as string, 'base64url').toString('utf8')) as { sub?: unknown; iss?: unknown };
    if (typeof payload.sub !== 'string' || payload.sub === '') return undefined;
    return `s:${digest(`${String(payload.iss ?? '')}\n${payload.sub}`)}`;
  } catch {
    return undefined;
  }
}
