import { ConfigError, loadConfig } from '@inps/shared';
import { questionnaireConfig } from './questionnaire.config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(questionnaireConfig, env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => p.variable);
  }
};

describe('questionnaire configuration', () => {
  const production = { NODE_ENV: 'production', AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'https://idp.example/certs', AUTH_ISSUER: 'https://idp.example' };

  it('refuses the development resume-code pepper and internal token in production', () => {
    expect(problemsOf(production)).toEqual(expect.arrayContaining(['RESUME_CODE_PEPPER', 'INTERNAL_API_TOKEN']));
    const secrets = { RESUME_CODE_PEPPER: 'p'.repeat(44), INTERNAL_API_TOKEN: 't'.repeat(44) };
    expect(problemsOf({ ...production, ...secrets })).not.toEqual(expect.arrayContaining(['RESUME_CODE_PEPPER']));
    expect(problemsOf({ ...production, ...secrets })).not.toEqual(expect.arrayContaining(['INTERNAL_API_TOKEN']));
  });

  it('refuses a pepper or token too short to resist guessing, anywhere', () => {
    expect(problemsOf({ RESUME_CODE_PEPPER: 'short', INTERNAL_API_TOKEN: 'x'.repeat(31) })).toEqual(['RESUME_CODE_PEPPER', 'INTERNAL_API_TOKEN']);
    expect(problemsOf({})).toEqual([]);
  });
});
