import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * The web client (apps/web), built by `npm run build` into apps/web/dist: from the sources
 * (services/gateway/src/web) and from the build (services/gateway/dist/web) alike, four levels up
 * is the repository root (the image keeps the same layout).
 */
export const DEFAULT_WEB_DIR = join(__dirname, '..', '..', '..', '..', 'apps', 'web', 'dist');

/**
 * Only this origin: no script, style, font or image from another site, nothing inline, no frames.
 * A person's visit is nobody else's data. The one exception is the operators' sign-in issuer, when
 * configured: the page asks it for its discovery document and exchanges the code at its token endpoint.
 */
function webCsp(oidc: WebOidc | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    oidc ? `connect-src 'self' ${new URL(oidc.issuer).origin}` : "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface WebOidc {
  readonly issuer: string;
  readonly clientId: string;
}

/**
 * Serves the web client at `/`. Files under /assets/ carry a hash of their content in their name,
 * so they are cached for a year and never asked again; the page, the service worker and the
 * manifest are checked on every visit, so a new version is seen at once. Without a build, nothing
 * is served (the API works the same).
 */
export function serveWebApp(app: NestExpressApplication, dir: string, oidc: WebOidc | null = null): boolean {
  // The web client's settings are read before its first screen; asked on every visit, so a change is seen at once.
  app.use('/web-config.json', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.json({ oidc });
  });
  if (!existsSync(join(dir, 'index.html'))) return false;
  const WEB_CSP = webCsp(oidc);
  const immutable = (res: Response) => {
    res.setHeader('Content-Security-Policy', WEB_CSP);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    // A cache between here and the browser must not hand brotli to a browser that did not ask for it.
    res.setHeader('Vary', 'Accept-Encoding');
  };
  // The build writes each asset also brotli- and gzip-compressed (apps/web/vite.config.ts).
  app.use('/assets', (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !/^\/[\w.-]+$/.test(req.path)) return next();
    const accepted = String(req.headers['accept-encoding'] ?? '');
    for (const [encoding, suffix] of [
      ['br', '.br'],
      ['gzip', '.gz'],
    ] as const) {
      const file = join(dir, 'assets', `${req.path.slice(1)}${suffix}`);
      if (!new RegExp(`\\b${encoding}\\b`).test(accepted) || !existsSync(file)) continue;
      res.setHeader('Content-Encoding', encoding);
      res.type(extname(req.path));
      immutable(res);
      return res.sendFile(file, { cacheControl: false }, (error?: Error) => error && next(error));
    }
    next();
  });
  app.useStaticAssets(dir, {
    index: 'index.html',
    redirect: false,
    dotfiles: 'ignore',
    setHeaders: (res: Response, path: string) => {
      if (path.startsWith(join(dir, 'assets'))) return immutable(res);
      res.setHeader('Content-Security-Policy', WEB_CSP);
      res.setHeader('Cache-Control', 'no-cache');
    },
  });
  return true;
}
