import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JWK } from 'jose';
import { DEV_ALGORITHM } from './auth.settings';

/** An ES256 key pair for local development tokens, as JWKs so it can be stored and shared. */
export interface DevSigningKey {
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

/** Node's own P-256 key generation: a key pair needs no jose, only signing and verifying do. */
export async function generateDevSigningKey(): Promise<DevSigningKey> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomUUID();
  const privateJwk = { ...(privateKey.export({ format: 'jwk' }) as JWK), kid, alg: DEV_ALGORITHM, use: 'sig' };
  const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: DEV_ALGORITHM, use: 'sig' };
  return { kid, privateJwk, publicJwk };
}

function parseKeyFile(text: string, file: string): DevSigningKey {
  const parsed = JSON.parse(text) as Partial<DevSigningKey>;
  if (typeof parsed.kid !== 'string' || typeof parsed.privateJwk !== 'object' || typeof parsed.publicJwk !== 'object') {
    throw new Error(`${file} is not a development signing key; delete it to generate a new one`);
  }
  return parsed as DevSigningKey;
}

/**
 * Reads the stack's development key, generating it on first use. Every service of a local stack
 * points at the same file under DATA_DIR, so a token minted for one is accepted by all. Creation
 * is atomic (write aside, then hard-link into place) so services starting together agree.
 */
export async function loadOrCreateDevSigningKey(file: string): Promise<DevSigningKey> {
  try {
    return parseKeyFile(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Default mode: DATA_DIR is also the embedded database's parent, which its OS user must enter.
  await mkdir(dirname(file), { recursive: true });
  const key = await generateDevSigningKey();
  const temp = `${file}.${randomUUID()}.tmp`;
  await writeFile(temp, JSON.stringify(key, null, 2), { mode: 0o600 });
  try {
    await link(temp, file);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKeyFile(await readFile(file, 'utf8'), file);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
