import { ConfigError, loadConfig } from '@inps/shared';
import { monitoringConfig } from './monitoring.config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(monitoringConfig, env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => p.variable);
  }
};

describe('monitoring configuration: follow-ups by resume code', () => {
  it('refuses the development internal token in production, and a malformed questionnaire URL anywhere', () => {
    const production = { NODE_ENV: 'production', AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'https://idp.example/certs', AUTH_ISSUER: 'https://idp.example' };
    expect(problemsOf(production)).toContain('INTERNAL_API_TOKEN');
    expect(problemsOf({ ...production, INTERNAL_API_TOKEN: 't'.repeat(44) })).not.toContain('INTERNAL_API_TOKEN');
    expect(problemsOf({ QUESTIONNAIRE_URL: 'ftp://questionnaire' })).toEqual(['QUESTIONNAIRE_URL']);
    expect(problemsOf({ QUESTIONNAIRE_TIMEOUT_MS: '5' })).toEqual(['QUESTIONNAIRE_TIMEOUT_MS']);
    expect(problemsOf({})).toEqual([]);
  });
});
