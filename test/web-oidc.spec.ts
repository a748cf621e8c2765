import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createInpsClient, unwrap } from '@inps/client';
import { startGateway, startStack, type RunningGateway, type Stack } from '../services/gateway/test/stack';
import { axeViolations, launchChromium, phoneContext, screenshot } from './support/browser';
import { startOidcProvider, type OidcProvider } from './support/oidc-provider';

/**
 * Operators' sign-in in the web client against an OpenID Connect issuer (a Keycloak-like realm,
 * test/support/oidc-provider.ts), in Chromium against the real stack: the Authorization Code flow with
 * PKCE, the token the services accept, a forged answer refused, and an expired sign-in asked again.
 */
describe('operator sign-in with the organisation issuer, in a real browser', () => {
  jest.setTimeout(300_000);

  const CLIENT_ID = 'inps-web';
  let stack: Stack;
  let gw: RunningGateway;
  let provider: OidcProvider;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Content-Security-Policy refusals and uncaught errors seen by any page: there must be none. */
  const pageProblems: string[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    provider = await startOidcProvider({
      clientId: CLIENT_ID,
      redirectUri: () => `${gw.url}/`,
      accessToken: () => stack.tokens.operator('caritas-roma'),
      signingJwk: stack.tokens.signingJwk,
    });
    gw = await startGateway(stack, { WEB_OIDC_ISSUER: provider.issuer, WEB_OIDC_CLIENT_ID: CLIENT_ID });
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await gw?.close();
    await provider?.close();
    await stack?.close();
  });
  afterEach(() => {
    expect(pageProblems).toEqual([]);
    pageProblems.length = 0;
  });

  async function phone(path = '/'): Promise<Page> {
    const context = await phoneContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageProblems.push(m.text());
    });
    page.on('pageerror', (e) => pageProblems.push(String(e)));
    await page.goto(`${gw.url}${path}`);
    return page;
  }

  async function screen(page: Page, name: string): Promise<void> {
    await page.waitForSelector(`main[data-screen="${name}"][aria-busy="false"]`, { timeout: 60_000 }).catch(async (error: unknown) => {
      throw new Error(`no ${name} screen: ${await page.getAttribute('main', 'data-screen')}: ${await page.textContent('main')}`, { cause: error });
    });
  }

  async function signInThroughIssuer(page: Page): Promise<void> {
    await page.click('[data-action="oidc-sign-in"]');
    await screen(page, 'operator');
    expect(provider.refusals).toEqual([]);
  }

  it('the gateway tells the page the issuer and lets it connect there, and nowhere else', async () => {
    expect(await (await fetch(`${gw.url}/web-config.json`)).json()).toEqual({ oidc: { issuer: provider.issuer, clientId: CLIENT_ID } });
    const csp = (await fetch(`${gw.url}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`connect-src 'self' ${new URL(provider.issuer).origin};`);
    expect(csp.match(/https?:\/\/[^\s;]+/g)).toEqual([new URL(provider.issuer).origin]);
  });

  it('an operator signs in with INPS (code, PKCE, state), sees the organisation and starts an operator screening with the token the services accept', async () => {
    const page = await phone();
    await page.click('[data-action="operator"]');
    await page.waitForSelector('[data-action="oidc-sign-in"]');
    expect(await page.textContent('[data-action="oidc-sign-in"]')).toBe('Accedi con INPS');
    expect(await page.locator('#operator-token').count()).toBe(0);
    await screenshot(page, 'oidc-sign-in');
    expect(await axeViolations(page)).toEqual([]);

    const exchangedBefore = provider.exchanged;
    await signInThroughIssuer(page);
    expect(provider.exchanged).toBe(exchangedBefore + 1);
    // The code and state are gone from the address bar; the token is in this tab only.
    expect(new URL(page.url()).search).toBe('');
    const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('inps.web.operator'), local: JSON.stringify(localStorage) }));
    expect(JSON.parse(stored.session ?? '{}')).toMatchObject({ organisation: 'caritas-roma' });
    expect(stored.local).not.toMatch(/eyJ/);
    expect(await page.textContent('[data-testid="organisation"]')).toBe('Organizzazione: caritas-roma');
    await screenshot(page, 'oidc-operator-home');

    await page.fill('#territory', '058091');
    await page.click('[data-action="operator-start"]');
    await screen(page, 'question');
    const token = JSON.parse(stored.session as string).token as string;
    const mine = unwrap(await createInpsClient({ baseUrl: gw.url, token }).GET('/api/v1/screenings', { params: { query: { limit: 200 } } }));
    expect(mine.items.some((s) => s.territory === '058091' && s.status === 'IN_PROGRESS')).toBe(true);
  });

  it("sign-out forgets the token and ends the issuer's session, which sends the operator back to the start", async () => {
    const page = await phone();
    await page.click('[data-action="operator"]');
    await page.waitForSelector('[data-action="oidc-sign-in"]');
    await signInThroughIssuer(page);
    await page.click('[data-action="sign-out"]');
    await page.waitForURL(`${gw.url}/`);
    await screen(page, 'welcome');
    expect(await page.evaluate(() => sessionStorage.getItem('inps.web.operator'))).toBeNull();
    expect(provider.refusals).toEqual([]);
  });

  it('an answer whose state this tab did not send is refused with a clear message, and no code is exchanged', async () => {
    const exchangedBefore = provider.exchanged;
    const page = await phone('/?code=stolen-code&state=forged-state');
    await screen(page, 'signin');
    await page.waitForSelector('[data-action="oidc-sign-in"]');
    expect(await page.textContent('[role="alert"]')).toContain('non viene da una richiesta fatta da questa pagina');
    expect(new URL(page.url()).search).toBe('');
    expect(provider.exchanged).toBe(exchangedBefore);
    expect(await page.evaluate(() => sessionStorage.getItem('inps.web.operator'))).toBeNull();
    expect(await axeViolations(page)).toEqual([]);

    // With a sign-in started in this tab, an answer carrying another state is refused as well.
    const auth = new URL(`${provider.issuer}/auth`);
    await page.route(
      (url) => url.origin === auth.origin && url.pathname === auth.pathname,
      (route) => route.fulfill({ status: 302, headers: { location: `${gw.url}/?code=stolen-code&state=forged-state` } }),
    );
    const landed = page.waitForEvent('framenavigated', {
      predicate: (f) => f === page.mainFrame() && f.url().startsWith(`${gw.url}/?code=stolen-code`),
      timeout: 30_000,
    });
    await page.click('[data-action="oidc-sign-in"]');
    await landed;
    await screen(page, 'signin');
    await page.waitForSelector('[role="alert"]');
    expect(await page.evaluate(() => ({ pending: sessionStorage.getItem('inps.web.oidc.pending'), search: location.search }))).toEqual({
      pending: null,
      search: '',
    });
    expect(await page.textContent('[role="alert"]')).toContain('non viene da una richiesta fatta da questa pagina');
    expect(provider.exchanged).toBe(exchangedBefore);
    expect(await page.evaluate(() => sessionStorage.getItem('inps.web.operator'))).toBeNull();
  });

  it('an expired sign-in asks to sign in again, and after it the operator carries on', async () => {
    const page = await phone();
    await page.click('[data-action="operator"]');
    await page.waitForSelector('[data-action="oidc-sign-in"]');
    await signInThroughIssuer(page);
    // As if the token had expired: the API answers 401.
    await page.evaluate(() => sessionStorage.setItem('inps.web.operator', JSON.stringify({ token: 'e.x.pired', organisation: 'caritas-roma' })));
    await page.reload();
    await screen(page, 'signin');
    expect(await page.textContent('[role="alert"]')).toContain('accedi di nuovo');
    await signInThroughIssuer(page);
    await page.click('[data-action="operator-start"]');
    await screen(page, 'question');

    // Expired mid-screening: the answer refused with 401 waits on the phone and goes once signed in again.
    const question = await page.getAttribute('form[data-question]', 'data-question');
    await page.route('**/api/v1/screenings/*/answers', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'expired', details: [] } }),
      }),
    );
    await page.click('[data-action="dont-know"]');
    await screen(page, 'signin');
    expect(await page.textContent('[role="alert"]')).toContain('Le risposte non ancora inviate restano');
    expect(await page.evaluate(() => localStorage.getItem('inps.web.pending'))).toContain(question as string);
    await page.unrouteAll();
    await page.click('[data-action="oidc-sign-in"]');
    await page.waitForFunction(
      (first) => {
        const main = document.querySelector('main');
        return (
          main?.dataset.screen === 'question' &&
          main.getAttribute('aria-busy') === 'false' &&
          Number(main.dataset.answered) === 1 &&
          document.querySelector('form[data-question]')?.getAttribute('data-question') !== first
        );
      },
      question,
      { timeout: 60_000 },
    );
    expect((await page.evaluate(() => localStorage.getItem('inps.web.pending'))) ?? '').not.toContain(question as string);
  });
});
