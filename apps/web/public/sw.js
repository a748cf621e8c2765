/*
 * The application shell, kept on the phone: the page and its hashed assets. Hashed assets never
 * change, so they are served from the cache first. The page too is served from the cache at once
 * (on a slow connection, waiting for the network would cost seconds) and refreshed from the network
 * behind it, so a new version is used from the next visit; the old page's assets stay cached until
 * then. The API is never cached: answers that could not be sent wait in the page's storage, not here.
 */
const CACHE = 'inps-web-shell-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const page = await fetch('/', { cache: 'no-cache' });
      const html = await page.clone().text();
      await cache.put('/', page);
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await cache.addAll([...new Set(assets), '/manifest.webmanifest', '/icon.svg']);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(event.request).then(
        (hit) =>
          hit ||
          fetch(event.request).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              void caches.open(CACHE).then((cache) => cache.put(event.request, copy));
            }
            return res;
          }),
      ),
    );
  } else if (event.request.mode === 'navigate' && url.pathname === '/') {
    const fresh = fetch(event.request).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        void caches.open(CACHE).then((cache) => cache.put('/', copy));
      }
      return res;
    });
    event.waitUntil(fresh.catch(() => undefined));
    event.respondWith(caches.match('/').then((hit) => hit || fresh));
  }
});
