import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * What the idempotency store keeps is sealed with the caller's `Idempotency-Key`, which it never
 * stores (decision 0015). From the key and the caller's scope, HKDF-SHA-256 derives three
 * independent 256-bit values:
 *
 * - `lookup`: the row's key (`key_hash`); finding a row needs the key;
 * - `fingerprintKey`: the HMAC key of the request's fingerprint, so that the row does not carry an
 *   unkeyed hash of the request (a start's body has few possible values and could be guessed back);
 * - `answerKey`: the AES-256-GCM key of the remembered answer (`sealed_response`).
 *
 * Whoever reads the table, a backup or a dump, reads nothing of an answer without the key the client
 * sent. That holds as far as the key cannot be guessed: keys are 16 to 128 characters, and clients are
 * expected to send random ones (a UUID). There is no server-side secret in the derivation: no
 * configuration value every service shares fits (decision 0015 says what one would add).
 */
export interface IdempotencySecrets {
  readonly lookup: Buffer;
  readonly fingerprintKey: Buffer;
  readonly answerKey: Buffer;
}

const SALT = 'inps-per-tutti/idempotency-key/v1';
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function derive(key: string, scope: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(key, 'utf8'), SALT, `${purpose}\u0000${scope}`, 32));
}

/** The three values one key gives in one scope; another scope, or another key, gives unrelated ones. */
export function idempotencySecrets(scope: string, key: string): IdempotencySecrets {
  return { lookup: derive(key, scope, 'lookup'), fingerprintKey: derive(key, scope, 'fingerprint'), answerKey: derive(key, scope, 'answer') };
}

/** HMAC-SHA-256 of the method, the path with its query, and the body. */
export function requestFingerprint(secrets: IdempotencySecrets, method: string, url: string, body: unknown): Buffer {
  return createHmac('sha256', secrets.fingerprintKey)
    .update(`${method} ${url}\n${JSON.stringify(body ?? null)}`)
    .digest();
}

export function sameFingerprint(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `version ‖ nonce ‖ tag ‖ ciphertext`, AES-256-GCM under `answerKey` with a random 96-bit nonce and
 * the row's `lookup` as associated data (a sealed answer moved to another row does not open).
 */
export function sealAnswer(secrets: IdempotencySecrets, answer: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secrets.answerKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(secrets.lookup);
  const body = Buffer.concat([cipher.update(answer, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
}

/** The answer `sealAnswer` sealed; throws when the secrets are not the ones it was sealed with, or the bytes were changed. */
export function openAnswer(secrets: IdempotencySecrets, sealed: Buffer): string {
  if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new Error('Not a sealed idempotent answer');
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const tag = sealed.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', secrets.answerKey, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(secrets.lookup);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
