import { ConfigError, loadConfig } from '@inps/shared';
import { gatewayConfig, introspectionEnabled, webOidcOf } from './gateway.config';

const production = { NODE_ENV: 'production', AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'https://sso.example/certs', AUTH_ISSUER: 'https://sso.example' };

describe('gateway configuration', () => {
  it('has working local defaults, Hive as the runtime and a 1 MB JSON limit', () => {
    const c = loadConfig(gatewayConfig, {});
    expect(c).toMatchObject({
      SERVICE_NAME: 'gateway',
      PORT: 3000,
      GATEWAY_RUNTIME: 'hive',
      BODY_LIMIT: '1mb',
      QUESTIONNAIRE_URL: 'http://127.0.0.1:3001',
      CORS_ORIGINS: [],
    });
    expect(introspectionEnabled(c)).toBe(true);
  });

  it('turns introspection off in production unless asked, and refuses unlimited production', () => {
    expect(introspectionEnabled(loadConfig(gatewayConfig, production))).toBe(false);
    expect(introspectionEnabled(loadConfig(gatewayConfig, { ...production, GRAPHQL_INTROSPECTION: 'on' }))).toBe(true);
    expect(() => loadConfig(gatewayConfig, { ...production, RATE_LIMIT_ENABLED: 'false' })).toThrow(ConfigError);
    expect(() => loadConfig(gatewayConfig, { GATEWAY_RUNTIME: 'mesh' })).toThrow(/GATEWAY_RUNTIME/);
  });

  it('asks production with Redis for the address key that makes the per-address limits one across gateways', () => {
    const redis = { ...production, REDIS_URL: 'redis://redis.example:6379' };
    expect(() => loadConfig(gatewayConfig, redis)).toThrow(/RATE_LIMIT_ADDRESS_KEY/);
    expect(loadConfig(gatewayConfig, { ...redis, RATE_LIMIT_ADDRESS_KEY: 'a'.repeat(32) }).RATE_LIMIT_ADDRESS_KEY).toBe('a'.repeat(32));
    expect(() => loadConfig(gatewayConfig, { ...redis, RATE_LIMIT_ADDRESS_KEY: 'short' })).toThrow(/RATE_LIMIT_ADDRESS_KEY/);
    // Without Redis the limits are per gateway anyway (and development needs no key).
    expect(loadConfig(gatewayConfig, production).RATE_LIMIT_ADDRESS_KEY).toBeUndefined();
    expect(loadConfig(gatewayConfig, { REDIS_URL: 'redis://127.0.0.1:6379' }).RATE_LIMIT_ADDRESS_KEY).toBeUndefined();
  });

  it('takes CORS origins only as exact origins, and only https ones in production', () => {
    expect(loadConfig(gatewayConfig, { CORS_ORIGINS: 'https://app.example, http://localhost:5173' }).CORS_ORIGINS).toEqual([
      'https://app.example',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'https://*.example', 'null', 'https://app.example/', 'https://app.example/path', 'app.example', 'ftp://app.example']) {
      expect(() => loadConfig(gatewayConfig, { CORS_ORIGINS: `https://ok.example,${bad}` })).toThrow(/CORS_ORIGINS/);
    }
    expect(() => loadConfig(gatewayConfig, { ...production, CORS_ORIGINS: 'http://app.example' })).toThrow(/CORS_ORIGINS.*https/);
    expect(loadConfig(gatewayConfig, { ...production, CORS_ORIGINS: 'https://app.example' }).CORS_ORIGINS).toEqual(['https://app.example']);
  });

  it('bounds API key revocation to seconds by default', () => {
    const c = loadConfig(gatewayConfig, {});
    expect(c).toMatchObject({
      API_KEY_REVOCATION_SECONDS: 5,
      RATE_LIMIT_RESUME_CODE_PER_MINUTE: 30,
      RATE_LIMIT_INVALID_API_KEYS_PER_MINUTE: 10,
      BODY_DRAIN_LIMIT: '8mb',
    });
    expect(() => loadConfig(gatewayConfig, { API_KEY_REVOCATION_SECONDS: '900' })).toThrow(/API_KEY_REVOCATION_SECONDS/);
  });

  it('takes the web sign-in issuer and client together or not at all, https in production', () => {
    expect(webOidcOf(loadConfig(gatewayConfig, {}))).toBeNull();
    const both = { WEB_OIDC_ISSUER: 'https://sso.example/realms/inps/', WEB_OIDC_CLIENT_ID: 'inps-web' };
    expect(webOidcOf(loadConfig(gatewayConfig, both))).toEqual({ issuer: 'https://sso.example/realms/inps', clientId: 'inps-web' });
    expect(() => loadConfig(gatewayConfig, { WEB_OIDC_ISSUER: both.WEB_OIDC_ISSUER })).toThrow(/WEB_OIDC_CLIENT_ID/);
    expect(() => loadConfig(gatewayConfig, { WEB_OIDC_CLIENT_ID: 'inps-web' })).toThrow(/WEB_OIDC_ISSUER/);
    expect(() => loadConfig(gatewayConfig, { ...both, WEB_OIDC_ISSUER: 'sso.example' })).toThrow(/WEB_OIDC_ISSUER/);
    expect(() => loadConfig(gatewayConfig, { ...both, WEB_OIDC_ISSUER: 'https://sso.example/realms/inps?x=1' })).toThrow(/WEB_OIDC_ISSUER/);
    expect(() => loadConfig(gatewayConfig, { ...both, WEB_OIDC_CLIENT_ID: 'a b' })).toThrow(/WEB_OIDC_CLIENT_ID/);
    expect(() => loadConfig(gatewayConfig, { ...production, ...both, WEB_OIDC_ISSUER: 'http://sso.example/realms/inps' })).toThrow(/WEB_OIDC_ISSUER.*https/);
    expect(loadConfig(gatewayConfig, { ...production, ...both }).WEB_OIDC_ISSUER).toBe(both.WEB_OIDC_ISSUER);
  });
});
