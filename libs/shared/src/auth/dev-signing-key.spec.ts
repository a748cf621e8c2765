import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_ISSUER, type AuthSettings } from './auth.settings';
import { loadOrCreateDevSigningKey } from './dev-signing-key';
import { DevTokenIssuer } from './dev-token.issuer';
import { TokenVerifier } from './token-verifier';

describe('development signing key', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'inps-dev-key-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is generated once under DATA_DIR and shared by every service that starts', async () => {
    const file = join(dir, 'auth', 'dev-signing-key.json');
    const keys = await Promise.all([1, 2, 3, 4, 5].map(() => loadOrCreateDevSigningKey(file)));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    expect((await loadOrCreateDevSigningKey(file)).kid).toBe(keys[0]?.kid);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8')).publicJwk.d).toBeUndefined();
  });

  it('lets a token minted by one process be verified by another through the file', async () => {
    const settings: AuthSettings = {
      mode: 'dev',
      issuer: DEV_ISSUER,
      audience: 'inps-per-tutti',
      algorithms: ['ES256'],
      claims: { roles: ['realm_access.roles', 'roles'], organisation: 'org', territories: 'territories' },
      clockToleranceSeconds: 0,
      devKeyFile: join(dir, 'auth', 'dev-signing-key.json'),
      partnerIssuer: 'urn:inps-per-tutti:partner-apps',
    };
    const issuer = await DevTokenIssuer.fromSettings(settings);
    const verifier = await TokenVerifier.create(settings);
    const principal = await verifier.verify(await issuer.issue({ sub: 'dev-user', roles: ['territorial'], territories: ['12'] }));
    expect(principal.roles).toEqual(['territorial']);
  });

  it('refuses a file that is not a key', async () => {
    const file = join(dir, 'bad.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, '{"hello": 1}'));
    await expect(loadOrCreateDevSigningKey(file)).rejects.toThrow(/not a development signing key/);
  });
});
