import { createTestApp, testQueuePrefix, testRedisUrl, type TestApp, type TestTokens } from '@inps/shared';
import { agreementsConfig } from '../src/agreements.config';
import { AGREEMENTS_DATABASE } from '../src/migrations';
import { AppModule, type AppModuleOptions } from '../src/app.module';
import { DOCUMENT_CONTENT_TYPES } from '../src/modules/documents/document-format';

export type AgreementsTestApp = TestApp<typeof agreementsConfig.fields>;

export function startApp(
  options: AppModuleOptions = {},
  env: Record<string, string> = {},
  tokenEnv: (tokens: TestTokens) => Record<string, string> = () => ({}),
): Promise<AgreementsTestApp> {
  return createTestApp((config) => AppModule.forRoot(config, options), {
    config: agreementsConfig,
    database: AGREEMENTS_DATABASE,
    env: (tokens) => ({ REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix(), ...env, ...tokenEnv(tokens) }),
    extraContentTypes: DOCUMENT_CONTENT_TYPES,
  });
}

export const bearer = (token: string) => `Bearer ${token}`;
