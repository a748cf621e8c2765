import { createTestApp, ProgrammeDriver, testQueuePrefix, testRedisUrl, type AgreementView, type Principal, type TestApp, type TestTokens } from '@inps/shared';
import { agreementsConfig } from '../src/agreements.config';
import { AGREEMENTS_DATABASE } from '../src/migrations';
import { AppModule, type AppModuleOptions } from '../src/app.module';
import type { AgreementsService } from '../src/modules/agreements/agreements.service';
import { DOCUMENT_UPLOAD_ROUTE } from '../src/modules/documents/document-format';

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
    rawBodyRoutes: [DOCUMENT_UPLOAD_ROUTE],
  });
}

export const bearer = (token: string) => `Bearer ${token}`;

/** The programme driver straight on the service (no HTTP): for worker tests, with principals for users. */
export function programmeInProcess(service: AgreementsService, who: { central: Principal; territorial?: Principal }): ProgrammeDriver<Principal> {
  const view = (a: Promise<unknown>) => a as Promise<AgreementView>;
  return new ProgrammeDriver<Principal>(
    {
      create: (principal, body) => view(service.create(body as never, principal)),
      transition: (principal, id, command) => view(service.transition(id, command as never, principal)),
      get: (principal, id) => view(service.get(id, principal)),
    },
    who,
  );
}
