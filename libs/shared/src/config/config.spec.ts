import { baseConfig } from './base.config';
import { defineConfig, loadConfig } from './config.definition';
import { ConfigError } from './config.error';
import { bool, byteSize, int, list, oneOf, optional, port, str, url } from './config.field';

const minimal = { SERVICE_NAME: 'questionnaire' };

function problemsOf(fn: () => unknown): { variable: string; issue: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config combinators', () => {
  it('parse valid values and apply defaults only when absent or blank', () => {
    const def = defineConfig({
      A: int({ default: 5 }),
      B: int({ default: 5 }),
      C: bool({ default: false }),
      D: oneOf(['x', 'y'] as const, { default: 'x' }),
      E: list({ default: ['a'] }),
      F: optional(str()),
      G: byteSize({ default: '100kb' }),
      H: port({ default: 3000 }),
    });
    const c = loadConfig(def, { A: '42', B: '  ', C: 'yes', D: 'y', E: 'p, q,,r', F: '', G: '2MB', H: '0' });
    expect(c).toEqual({ A: 42, B: 5, C: true, D: 'y', E: ['p', 'q', 'r'], F: undefined, G: '2mb', H: 0 });
  });

  it('report every bad variable at once, each by name', () => {
    const def = defineConfig({
      PORT: port(),
      FLAG: bool(),
      MODE: oneOf(['a', 'b'] as const),
      NEED: str(),
      LINK: url({ protocols: ['https:'] }),
      N: int({ min: 1, max: 3 }),
    });
    const problems = problemsOf(() => loadConfig(def, { PORT: '70000', FLAG: 'perhaps', MODE: 'c', LINK: 'http://x', N: '1.5' }));
    expect(problems).toEqual([
      { variable: 'PORT', issue: 'must be an integer between 0 and 65535' },
      { variable: 'FLAG', issue: 'must be true or false' },
      { variable: 'MODE', issue: 'must be one of a, b' },
      { variable: 'NEED', issue: 'is required' },
      { variable: 'LINK', issue: 'must be a URL starting with https://' },
      { variable: 'N', issue: 'must be an integer' },
    ]);
  });

  it('never echo a value (URLs carry passwords)', () => {
    const def = defineConfig({ DATABASE_URL: url({ protocols: ['postgres:'] }) });
    const error = (() => {
      try {
        loadConfig(def, { DATABASE_URL: 'mysql://root:hunter2@db/x' });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain('DATABASE_URL');
    expect(error?.message).not.toContain('hunter2');
  });
});

describe('base configuration', () => {
  it('has working defaults for a local start', () => {
    const c = loadConfig(baseConfig, minimal);
    expect(c).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      QUEUE_PREFIX: 'inps',
      LOG_LEVEL: 'info',
      BODY_LIMIT: '100kb',
      AUTH_MODE: 'dev',
      AUTH_ROLES_CLAIM: ['realm_access.roles', 'roles'],
      AUTH_ORG_CLAIM: 'org',
      AUTH_TERRITORIES_CLAIM: 'territories',
    });
    expect(c.DATA_DIR).toMatch(/\.data$/);
  });

  it('refuses dev authentication in production', () => {
    const problems = problemsOf(() => loadConfig(baseConfig, { ...minimal, NODE_ENV: 'production', AUTH_MODE: 'dev' }));
    expect(problems.map((p) => p.variable)).toEqual(['AUTH_MODE']);
    expect(problems[0]?.issue).toMatch(/refused when NODE_ENV=production/);
  });

  it('needs a JWKS URL and an issuer in jwks mode', () => {
    const problems = problemsOf(() => loadConfig(baseConfig, { ...minimal, AUTH_MODE: 'jwks' }));
    expect(problems.map((p) => p.variable)).toEqual(['AUTH_JWKS_URL', 'AUTH_ISSUER']);
    const ok = loadConfig(baseConfig, {
      ...minimal,
      NODE_ENV: 'production',
      AUTH_MODE: 'jwks',
      AUTH_JWKS_URL: 'https://sso.example/realms/inps/protocol/openid-connect/certs',
      AUTH_ISSUER: 'https://sso.example/realms/inps',
    });
    expect(ok.AUTH_MODE).toBe('jwks');
  });

  it('refuses symmetric and unsigned token algorithms', () => {
    const problems = problemsOf(() => loadConfig(baseConfig, { ...minimal, AUTH_ALGORITHMS: 'RS256,HS256,none' }));
    expect(problems).toEqual([{ variable: 'AUTH_ALGORITHMS', issue: expect.stringContaining('not HS256, none') }]);
  });

  it('lets a service add variables and override defaults, keeping the base checks', () => {
    const service = baseConfig.extend({
      SERVICE_NAME: str({ default: 'monitoring' }),
      PORT: port({ default: 3003 }),
      REPORT_CRON: str({ default: '0 0 2 1 1,7 *' }),
    });
    const c = loadConfig(service, {});
    expect(c.SERVICE_NAME).toBe('monitoring');
    expect(c.PORT).toBe(3003);
    expect(c.REPORT_CRON).toBe('0 0 2 1 1,7 *');
    expect(problemsOf(() => loadConfig(service, { NODE_ENV: 'production' })).map((p) => p.variable)).toEqual(['AUTH_MODE']);
  });
});
