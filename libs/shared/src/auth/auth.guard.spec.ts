import { Controller, Get, Module, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { configureApp } from '../app/configure-app';
import { createLogger } from '../logging/logger';
import { createTestTokens, type TestTokens } from '../testing/test-tokens';
import { CurrentPrincipal, Public, Roles } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { AuthModule } from './auth.module';
import { DEV_ISSUER } from './auth.settings';
import type { Principal } from './principal';
import type { TokenVerifier } from './token-verifier';

@Roles('central', 'territorial')
@Controller('oversight')
class OversightController {
  @Get()
  list(@CurrentPrincipal() principal: Principal): { subject: string } {
    return { subject: principal.subject };
  }

  @Roles('central')
  @Get('central')
  centralOnly(): { ok: true } {
    return { ok: true };
  }

  @Public()
  @Get('open')
  open(@CurrentPrincipal() principal: Principal | null): { who: string } {
    return { who: principal?.subject ?? 'anonymous' };
  }
}

@Controller('any')
class AnyAuthenticatedController {
  @Get()
  any(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

describe('AuthGuard', () => {
  let app: INestApplication;
  let tokens: TestTokens;
  const bearer = (token: string): string => `Bearer ${token}`;

  beforeAll(async () => {
    tokens = await createTestTokens();
    @Module({
      imports: [
        AuthModule.forRoot({
          mode: 'dev',
          issuer: DEV_ISSUER,
          audience: tokens.audience,
          algorithms: ['ES256'],
          claims: { roles: ['realm_access.roles', 'roles'], organisation: 'org', territories: 'territories' },
          clockToleranceSeconds: 0,
          devKeyFile: '/nonexistent',
          devPublicJwk: tokens.publicJwk,
          partnerIssuer: 'urn:inps-per-tutti:partner-apps',
        }),
      ],
      controllers: [OversightController, AnyAuthenticatedController],
    })
    class GuardedModule {}
    app = await NestFactory.create<NestExpressApplication>(GuardedModule, { logger: false, bodyParser: false, abortOnError: false });
    configureApp(app, { BODY_LIMIT: '100kb' }, { logger: createLogger({ level: 'silent', service: 'test' }), shutdownHooks: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses anonymous callers unless the route is public', async () => {
    expect((await request(app.getHttpServer()).get('/any')).status).toBe(401);
    expect((await request(app.getHttpServer()).get('/oversight')).status).toBe(401);
    const open = await request(app.getHttpServer()).get('/oversight/open');
    expect(open.status).toBe(200);
    expect(open.body).toEqual({ who: 'anonymous' });
  });

  it('accepts any valid token where no role is required', async () => {
    const res = await request(app.getHttpServer())
      .get('/any')
      .set('authorization', bearer(await tokens.partnerApp('org-9')));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ roles: ['partner_app'], organisationId: 'org-9', clientType: 'partner_app' });
  });

  it('applies class roles, and method roles over them', async () => {
    const territorial = bearer(await tokens.territorial());
    expect((await request(app.getHttpServer()).get('/oversight').set('authorization', territorial)).status).toBe(200);
    const denied = await request(app.getHttpServer()).get('/oversight/central').set('authorization', territorial);
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      error: {
        code: 'FORBIDDEN',
        message: 'Non ha il permesso di fare questa operazione.',
        language: 'it',
        reviewed: true,
        developerMessage: 'This requires one of the roles: central',
        details: [{ field: 'requiredRoles', issue: 'central' }],
      },
    });
    expect(
      (
        await request(app.getHttpServer())
          .get('/oversight/central')
          .set('authorization', bearer(await tokens.central()))
      ).status,
    ).toBe(200);
    expect(
      (
        await request(app.getHttpServer())
          .get('/oversight')
          .set('authorization', bearer(await tokens.operator()))
      ).status,
    ).toBe(403);
  });

  it('verifies a token sent to a public route, and refuses a bad one there too', async () => {
    const withToken = await request(app.getHttpServer())
      .get('/oversight/open')
      .set('authorization', bearer(await tokens.operator()));
    expect(withToken.body).toEqual({ who: 'test-operator' });
    const expired = await tokens.issue({ sub: 'x', roles: ['central'] }, { issuedAt: new Date(Date.now() - 3600_000), expiresIn: 60 });
    const res = await request(app.getHttpServer()).get('/oversight/open').set('authorization', bearer(expired));
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHORIZED', language: 'it', developerMessage: 'The access token has expired' });
  });

  it('verifies the token of a request once when the guards of its resolvers run at the same time', async () => {
    let checks = 0;
    const verifier = {
      verify: async (): Promise<Principal> => {
        checks++;
        await new Promise((r) => setTimeout(r, 5));
        return { subject: 's', roles: ['central'], territories: [], clientType: 'user' };
      },
    } as unknown as TokenVerifier;
    const guard = new AuthGuard(new Reflector(), verifier);
    const req = { headers: { authorization: 'Bearer abc.def.ghi' } };
    const context = {
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => req }),
      getHandler: () => AnyAuthenticatedController.prototype.any,
      getClass: () => AnyAuthenticatedController,
    } as unknown as ExecutionContext;
    // The guards of an _entities request's 31 entities, before any verification has ended.
    await expect(Promise.all(Array.from({ length: 31 }, () => guard.canActivate(context)))).resolves.toEqual(Array(31).fill(true));
    expect(checks).toBe(1);
  });
});
