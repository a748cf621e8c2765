import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { serveWebApp, type WebOidc } from './web-app';

@Module({})
class EmptyModule {}

describe('the web client served by the gateway', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-app-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'void 0;');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function serve(oidc: WebOidc | null): Promise<{ base: string; close: () => Promise<void> }> {
    const app = await NestFactory.create<NestExpressApplication>(EmptyModule, { logger: false });
    serveWebApp(app, dir, oidc);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    return { base: `http://127.0.0.1:${address.port}`, close: () => app.close() };
  }

  it('without an issuer: no sign-in settings, and the page may connect only to its own origin', async () => {
    const { base, close } = await serve(null);
    try {
      const config = await fetch(`${base}/web-config.json`);
      expect(config.status).toBe(200);
      expect(await config.json()).toEqual({ oidc: null });
      for (const path of ['/', '/assets/app-1234.js']) {
        const csp = (await fetch(`${base}${path}`)).headers.get('content-security-policy') ?? '';
        expect(csp).toMatch(/connect-src 'self';/);
        expect(csp).not.toMatch(/https?:\/\//);
      }
    } finally {
      await close();
    }
  });

  it('with an issuer: its public settings, and its origin (only) added to connect-src', async () => {
    const { base, close } = await serve({ issuer: 'https://sso.example:8443/realms/inps', clientId: 'inps-web' });
    try {
      expect(await (await fetch(`${base}/web-config.json`)).json()).toEqual({ oidc: { issuer: 'https://sso.example:8443/realms/inps', clientId: 'inps-web' } });
      const csp = (await fetch(`${base}/`)).headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/connect-src 'self' https:\/\/sso\.example:8443;/);
      expect(csp.match(/https?:\/\/[^\s;]+/g)).toEqual(['https://sso.example:8443']);
      expect(csp).toMatch(/script-src 'self';/);
      expect((await fetch(`${base}/web-config.json`, { method: 'POST' })).status).toBe(404);
    } finally {
      await close();
    }
  });
});
