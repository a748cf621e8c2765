import type { Request } from 'express';
import { clientKeyOf } from './client-key';
import { IpHasher } from './ip-hasher';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const req = (headers: Record<string, string>) => ({ headers }) as unknown as Request;

describe('rate limit keys', () => {
  it('bucket a token by issuer and subject without verifying it, and never contain either', () => {
    const token = `${b64({ alg: 'ES256' })}.${b64({ sub: 'operator-42', iss: 'https://sso' })}.sig`;
    const key = clientKeyOf(req({ authorization: `Bearer ${token}` }));
    expect(key).toMatch(/^s:[A-Za-z0-9_-]{22}$/);
    expect(key).not.toContain('operator-42');
    expect(clientKeyOf(req({ authorization: `Bearer ${token}` }))).toBe(key);
    expect(clientKeyOf(req({ authorization: `Bearer ${b64({})}.${b64({ sub: 'other' })}.x` }))).not.toBe(key);
  });

  it('bucket an API key by its id, and treat garbage as anonymous', () => {
    expect(clientKeyOf(req({ 'x-api-key': 'ipt_0a1b_secretA' }))).toBe(clientKeyOf(req({ 'x-api-key': 'ipt_0a1b_secretB' })));
    expect(clientKeyOf(req({ 'x-api-key': 'ipt_0a1b_secretA' }))).not.toBe(clientKeyOf(req({ 'x-api-key': 'ipt_0a1c_secretA' })));
    expect(clientKeyOf(req({ authorization: 'Bearer not-a-jwt' }))).toBeUndefined();
    expect(clientKeyOf(req({ authorization: `Bearer ${b64({})}.${b64({ nosub: 1 })}.x` }))).toBeUndefined();
    expect(clientKeyOf(req({}))).toBeUndefined();
  });

  it('hash addresses with a secret that changes every day', () => {
    let now = new Date('2026-03-10T23:59:00Z');
    const hasher = new IpHasher(() => now);
    const today = hasher.hash('203.0.113.7');
    expect(today).not.toContain('203');
    expect(hasher.hash('203.0.113.7')).toBe(today);
    expect(hasher.hash('203.0.113.8')).not.toBe(today);
    expect(new IpHasher(() => now).hash('203.0.113.7')).not.toBe(today);
    now = new Date('2026-03-11T00:01:00Z');
    expect(hasher.hash('203.0.113.7')).not.toBe(today);
  });
});
