import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LANGUAGE_INFO } from '@inps/kernel';
import { createInpsClient, unwrap, type InpsClient, type Schema } from '@inps/client';
import { deadUrl, startGateway, startStack, type RunningGateway, type Stack } from '../services/gateway/test/stack';
import { axeViolations, launchChromium, phoneContext, screenshot } from './support/browser';

/**
 * The web client (apps/web, served by the gateway at /) as a person uses it, on a phone-sized
 * Chromium against the real stack: the questionnaire in Italian and in Arabic, "I don't know"
 * throughout, resume by code on another phone, keyboard only, a connection dropped mid-way, a
 * service down. axe-core checks every kind of screen; screenshots go to test-results/web.
 */
describe('the web client in a real browser', () => {
  jest.setTimeout(600_000);

  let stack: Stack;
  let gw: RunningGateway;
  let browser: Browser;
  let api: InpsClient;
  const contexts: BrowserContext[] = [];
  /** Content-Security-Policy refusals and uncaught errors seen by any page: there must be none. */
  const pageProblems: string[] = [];

  beforeAll(async () => {
    // The workers carry a completed screening to monitoring, where the operator records its follow-up.
    const queuePrefix = `web${process.pid}${Date.now().toString(36)}`;
    [stack, browser] = await Promise.all([
      startStack({ questionnaire: { queuePrefix, worker: true }, monitoring: { queuePrefix, worker: true } }),
      launchChromium(),
    ]);
    gw = await startGateway(stack);
    api = createInpsClient({ baseUrl: gw.url });
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await gw?.close();
    await stack?.close();
  });
  afterEach(() => {
    expect(pageProblems).toEqual([]);
    pageProblems.length = 0;
  });

  async function phone(base = gw.url): Promise<{ page: Page; context: BrowserContext }> {
    const context = await phoneContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageProblems.push(m.text());
    });
    page.on('pageerror', (e) => pageProblems.push(String(e)));
    await page.goto(`${base}/`);
    await screen(page, 'welcome');
    return { page, context };
  }

  /** Waits for a screen (main[data-screen]) that is not busy. */
  async function screen(page: Page, name: string): Promise<void> {
    await page.waitForSelector(`main[data-screen="${name}"][aria-busy="false"]`, { timeout: 60_000 }).catch(async (error: unknown) => {
      throw new Error(`no ${name} screen: ${await page.getAttribute('main', 'data-screen')}: ${await page.textContent('main')}`, { cause: error });
    });
  }

  async function accessible(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    expect({ screen: name, violations: await axeViolations(page) }).toEqual({ screen: name, violations: [] });
  }

  /** WCAG 1.4.4 and 1.4.10: text at 200 % on a 320 px screen still fits, with no sideways scrolling. */
  async function fitsAtDoubleText(page: Page): Promise<void> {
    const overflow = await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
      const wide = document.documentElement.scrollWidth - document.documentElement.clientWidth;
      document.documentElement.style.fontSize = '';
      return wide;
    });
    expect(overflow).toBeLessThanOrEqual(0);
  }

  async function answered(page: Page): Promise<number> {
    return Number(await page.getAttribute('main', 'data-answered'));
  }

  // The elderly person of the end-to-end test; the most modest answer to everything else.
  const persona: Record<string, string> = {
    age: '71',
    'household-size': '1',
    citizenship: 'IT',
    'years-residence': '71',
    'marital-status': 'WIDOWED',
    'personal-income': '4000',
  };

  /** Answers the question on screen (from the persona, or "don't know") and waits for the next screen. */
  async function answerOne(page: Page, how: 'persona' | 'dont-know'): Promise<string> {
    const form = page.locator('form[data-question]');
    const id = (await form.getAttribute('data-question')) as string;
    const before = await answered(page);
    if (how === 'dont-know') await page.click('[data-action="dont-know"]');
    else {
      const number = form.locator('input[type="number"]');
      if ((await number.count()) > 0) await number.fill(persona[id] ?? (id === 'household-size' ? '1' : '0'));
      else {
        const wanted = form.locator(`input[type="radio"][value="${persona[id] ?? 'false'}"]`);
        await ((await wanted.count()) > 0 ? wanted : form.locator('input[type="radio"]').first()).check();
      }
      await page.click('[data-action="next"]');
    }
    await page
      .waitForFunction(
        (n) => {
          const main = document.querySelector('main');
          return main?.getAttribute('aria-busy') === 'false' && (main.dataset.screen !== 'question' || Number(main.dataset.answered) > n);
        },
        before,
        { timeout: 60_000 },
      )
      .catch(async (error: unknown) => {
        throw new Error(`no next screen after answering ${id}: ${await page.textContent('main')}`, { cause: error });
      });
    return id;
  }

  async function answerAll(page: Page, how: 'persona' | 'dont-know', shots?: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < 80 && (await page.getAttribute('main', 'data-screen')) === 'question'; i++) {
      if (shots && i < 3) await accessible(page, `${shots}-question-${i + 1}`);
      ids.push(await answerOne(page, how));
    }
    return ids;
  }

  async function startSelf(page: Page): Promise<void> {
    await page.click('[data-action="start"]');
    await screen(page, 'question');
  }

  async function screeningOf(page: Page, client: InpsClient = api): Promise<Schema<'Screening'>> {
    const session = JSON.parse((await page.evaluate(() => localStorage.getItem('inps.web.session'))) ?? '{}') as { screeningId: string };
    return unwrap(await client.GET('/api/v1/screenings/{id}', { params: { path: { id: session.screeningId } } }));
  }

  it('is served at / with a CSP that names no other host, hashed assets cached for good and the page checked each time', async () => {
    const page = await fetch(`${gw.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|unsafe-inline|unsafe-eval|\*/);
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    expect(asset).toBeDefined();
    const js = await fetch(`${gw.url}${asset}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Compressed once at build time, sent to a browser that accepts it.
    expect(js.headers.get('content-encoding')).toBe('br');
    // Nothing in the page or its code points at another site.
    expect(`${html}${await js.text()}`).not.toMatch(/(src|href)="https?:\/\//);
    // The API keeps its own answers and headers.
    const missing = await fetch(`${gw.url}/api/v1/screenings/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });

  it('a full self-assessment in Italian: resume code shown first, an earlier answer changed, the outcome with why and how to apply, the sheet', async () => {
    const { page } = await phone();
    expect(await page.getAttribute('html', 'lang')).toBe('it');
    await accessible(page, 'it-welcome');
    await fitsAtDoubleText(page);
    await startSelf(page);
    await fitsAtDoubleText(page);
    const code = (await page.textContent('[data-testid="resume-code"]'))?.replace('-', '') ?? '';
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    expect(await page.textContent('main')).toContain('Non lo so');

    // Three answers, then back to the third to change it.
    for (let i = 0; i < 3; i++) {
      if (i === 0) await accessible(page, 'it-question-1');
      await answerOne(page, 'persona');
    }
    await page.click('[data-action="back"]');
    await screen(page, 'change');
    await accessible(page, 'it-change');
    await page.click('[data-action="cancel"]');
    await screen(page, 'question');
    await page.click('[data-action="review"]');
    await screen(page, 'answers');
    await accessible(page, 'it-answers');
    await page.click('[data-action="change-age"]');
    await screen(page, 'change');
    await page.fill('input[type="number"]', '30');
    await page.click('[data-action="next"]');
    await screen(page, 'question');
    expect((await screeningOf(page)).answers.find((a) => a.questionId === 'age')?.value).toBe(30);
    // 71 years in Italy at 30 contradicts the age: said in words, naming that answer, with one button to change it.
    expect(await page.getAttribute('form[data-question]', 'data-question')).toBe('years-residence');
    await page.fill('input[type="number"]', '71');
    await page.click('[data-action="next"]');
    await page.waitForSelector('[role="alert"]');
    expect(await page.textContent('[role="alert"]')).toContain('non è coerente con quella data prima a «Quanti anni ha?»');
    const named = page.locator('ol.answers li');
    expect(await named.count()).toBe(1);
    expect(await named.textContent()).toContain('30');
    expect(await page.locator('ol.answers [data-action^="change-"]').count()).toBe(1);
    await accessible(page, 'it-contradiction');
    await page.click('[data-action="change-age"]');
    await screen(page, 'change');
    await page.fill('input[type="number"]', '71');
    await page.click('[data-action="next"]');
    await screen(page, 'question');

    await answerAll(page, 'persona');
    await screen(page, 'outcome');
    await accessible(page, 'it-outcome');
    await fitsAtDoubleText(page);
    const screening = await screeningOf(page);
    expect(screening.status).toBe('COMPLETED');
    const likely = screening.outcome?.benefits.filter((b) => b.status === 'LIKELY_ELIGIBLE') ?? [];
    expect(likely.length).toBeGreaterThan(0);
    for (const b of likely) {
      const card = page.locator(`[data-benefit="${b.id}"]`);
      expect(await card.locator('h3').textContent()).toBe(b.name);
      expect(await card.textContent()).toContain('Come fare domanda');
      expect(await card.textContent()).toContain(b.howToApply.channels[0]);
    }
    expect(await page.locator('.group-likely_eligible [data-benefit]').count()).toBe(likely.length);
    expect(await page.textContent('main')).toContain('Perché');
    const sheet = await page.getAttribute('[data-action="sheet"]', 'href');
    // The sheet prints the resume code (with its QR code) only when given it: the service keeps only its hash.
    expect(sheet).toBe(`/api/v1/screenings/${screening.id}/sheet?language=it&resumeCode=${code}`);
    // The take-away sheet's route arrives with its own change: once the API offers it, the link must give a PDF.
    const openapi = JSON.parse(readFileSync(join(__dirname, '..', 'services', 'gateway', 'openapi.json'), 'utf8')) as { paths: Record<string, unknown> };
    if (openapi.paths['/api/v1/screenings/{id}/sheet']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="sheet"]')]);
      const file = await download.path();
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('in Arabic the page is right-to-left and in Arabic, from the first screen to the outcome', async () => {
    const { page } = await phone();
    await page.check('input[name="language"][value="ar"]');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl' && document.documentElement.lang === 'ar');
    await page.waitForFunction(() => document.querySelector('[data-action="start"]')?.textContent !== 'Inizia');
    await accessible(page, 'ar-welcome');
    await startSelf(page);
    expect((await screeningOf(page)).language).toBe('ar');
    expect(await page.textContent('[data-action="dont-know"]')).toMatch(/[\u0600-\u06ff]/);
    await answerAll(page, 'persona', 'ar');
    await screen(page, 'outcome');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.textContent('h1')).toMatch(/[\u0600-\u06ff]/);
    await accessible(page, 'ar-outcome');
  });

  it('"I don\'t know" to every question: the outcome says what is missing and how to find it out', async () => {
    const { page } = await phone();
    await startSelf(page);
    const ids = await answerAll(page, 'dont-know', 'dontknow');
    await screen(page, 'outcome');
    await accessible(page, 'dontknow-outcome');
    const screening = await screeningOf(page);
    expect(screening.answers.map((a) => a.questionId)).toEqual(ids);
    expect(screening.answers.every((a) => a.dontKnow)).toBe(true);
    const open = screening.outcome?.benefits.filter((b) => b.status === 'UNDETERMINED') ?? [];
    expect(open.length).toBeGreaterThan(0);
    const first = open.find((b) => b.findOut.some((f) => f.step)) as Schema<'BenefitResult'>;
    const card = page.locator(`[data-benefit="${first.id}"]`);
    expect(await card.textContent()).toContain('Cosa manca per saperlo');
    expect(await card.textContent()).toContain(first.findOut.find((f) => f.step)?.step?.text);
  });

  it('resumes by code on another phone, where the person left off', async () => {
    const first = await phone();
    await startSelf(first.page);
    const code = (await first.page.textContent('[data-testid="resume-code"]')) as string;
    await answerOne(first.page, 'persona');
    await answerOne(first.page, 'persona');
    const before = await screeningOf(first.page);

    const second = await phone();
    await second.page.fill('#resume-code', code.toLowerCase());
    await second.page.click('[data-action="resume"]');
    await screen(second.page, 'question');
    expect(await answered(second.page)).toBe(2);
    expect(await second.page.getAttribute('form[data-question]', 'data-question')).toBe(before.nextQuestion?.id);
    await second.page.click('[data-action="review"]');
    await screen(second.page, 'answers');
    expect(await second.page.locator('ol.answers li').count()).toBe(2);
    // A wrong code is told in words, with a way back.
    const third = await phone();
    await third.page.fill('#resume-code', 'ZZZZ-ZZZZ');
    await third.page.click('[data-action="resume"]');
    await screen(third.page, 'error');
    expect(await third.page.textContent('main')).toContain('Non troviamo una verifica con questo codice');
    await accessible(third.page, 'resume-wrong-code');
  });

  it('can be used with the keyboard alone', async () => {
    const { page } = await phone();
    /** Tabs until the focused element matches, as a keyboard user does. */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 40; i++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await tabTo('[data-action="start"]');
    await page.keyboard.press('Enter');
    await screen(page, 'question');
    for (let i = 0; i < 4; i++) {
      const before = await answered(page);
      const number = await page.locator('form[data-question] input[type="number"]').count();
      if (number > 0) {
        await tabTo('input[type="number"]');
        await page.keyboard.type(persona[(await page.getAttribute('form[data-question]', 'data-question')) as string] ?? '1');
        await page.keyboard.press('Enter');
      } else {
        await tabTo('input[type="radio"]');
        await page.keyboard.press('Space');
        await tabTo('[data-action="next"]');
        await page.keyboard.press('Enter');
      }
      await page.waitForFunction((n) => Number(document.querySelector('main')?.dataset.answered) > n, before);
      // Each new question takes the focus to its heading: the next Tab goes into the question. The focus
      // moves once the new screen is drawn, a frame after the count changes: wait for it (bounded), then check.
      await page.waitForFunction(() => document.activeElement?.tagName === 'H1', undefined, { timeout: 10_000 }).catch(() => undefined);
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    }
    await tabTo('[data-action="dont-know"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => Number(document.querySelector('main')?.dataset.answered) === 5);
    await tabTo('[data-action="finish"]');
    await page.keyboard.press('Enter');
    await screen(page, 'outcome');
    expect((await screeningOf(page)).answers).toHaveLength(5);
  });

  it('loses no answer when the network drops mid-questionnaire, even across a reload', async () => {
    const { page, context } = await phone();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await startSelf(page);
    await answerOne(page, 'persona');
    await answerOne(page, 'persona');
    const questionId = (await page.getAttribute('form[data-question]', 'data-question')) as string;

    await context.setOffline(true);
    await page.click('[data-action="dont-know"]');
    await screen(page, 'offline');
    await accessible(page, 'offline');
    expect(await page.textContent('main')).toContain('non perdi nulla');
    // Still offline, the page opens again from the phone's copy, with the answer kept.
    await page.reload();
    await screen(page, 'offline');
    expect(await page.evaluate(() => localStorage.getItem('inps.web.pending'))).toContain(questionId);

    await context.setOffline(false);
    await page.waitForFunction(
      () => document.querySelector('main')?.dataset.screen === 'question' && document.querySelector('main')?.dataset.answered === '3',
      undefined,
      {
        timeout: 60_000,
      },
    );
    const screening = await screeningOf(page);
    expect(screening.answers.map((a) => [a.questionId, a.dontKnow])).toContainEqual([questionId, true]);
    expect(screening.answers).toHaveLength(3);
    expect(await page.evaluate(() => localStorage.getItem('inps.web.pending'))).toBeNull();
  });

  it("an operator signs in, sees the organisation, screens a person with territory and channel, records the follow-up, sees it in the day's list, and later the application's outcome", async () => {
    const token = await stack.tokens.operator('caritas-roma');
    const operatorApi = createInpsClient({ baseUrl: gw.url, token });
    const { page } = await phone();
    await page.click('[data-action="operator"]');
    await screen(page, 'signin');
    await page.fill('#operator-token', 'not-a-token');
    await page.click('[data-action="sign-in"]');
    await page.waitForSelector('[role="alert"]');
    await accessible(page, 'operator-sign-in-refused');
    await page.fill('#operator-token', token);
    await page.click('[data-action="sign-in"]');
    await screen(page, 'operator');
    expect(await page.textContent('[data-testid="organisation"]')).toBe('Organizzazione: caritas-roma');
    await accessible(page, 'operator-home');
    await page.fill('#territory', '058091');
    await page.check('input[name="channel"][value="mobile_unit"]');
    await page.click('[data-action="operator-start"]');
    await screen(page, 'question');
    await answerAll(page, 'persona');
    await screen(page, 'outcome');
    const screening = await screeningOf(page, operatorApi);
    expect(screening).toMatchObject({ mode: 'operator', territory: '058091', channel: 'mobile_unit', status: 'COMPLETED' });
    const likely = screening.outcome?.benefits.find((b) => b.status === 'LIKELY_ELIGIBLE') as Schema<'BenefitResult'>;
    expect(likely).toBeDefined();

    await page.check('input[name="needs"][value="ISEE"]');
    await page.check('input[name="help"][value="REFERRAL_CAF"]');
    await page.check(`input[name="applied"][value="${likely.id}"]`);
    await accessible(page, 'operator-follow-up');
    // Monitoring learns of the completion through the queue: until then the API answers 404 and the page says to try again.
    for (let i = 0; i < 90 && (await page.locator('[data-action="operator-home"]').count()) === 0; i++) {
      await page.click('[data-action="follow-up-save"]');
      await page.waitForSelector('[data-action="operator-home"], .follow-up [role="alert"]', { timeout: 30_000 });
      if ((await page.locator('[data-action="operator-home"]').count()) === 0) await new Promise((r) => setTimeout(r, 1000));
    }
    await page.click('[data-action="operator-home"]');
    await screen(page, 'operator');
    await page.waitForSelector('[data-testid="today"] li');
    expect(await page.textContent('[data-testid="today"]')).toContain('ISEE');
    // The day's screenings of the organisation, from the API's list: this one, completed, with its counts; nothing personal.
    const listed = page.locator(`[data-testid="screenings"] [data-screening="${screening.id}"]`);
    expect(await listed.getAttribute('data-status')).toBe('COMPLETED');
    const likelyCount = screening.outcome?.benefits.filter((b) => b.status === 'LIKELY_ELIGIBLE').length ?? 0;
    expect(await listed.textContent()).toContain(`Unità mobile, 058091, in Italiano: ${screening.answers.length} risposte`);
    expect(await listed.textContent()).toContain(`${likelyCount} probabili`);
    const day = unwrap(await operatorApi.GET('/api/v1/screenings', { params: { query: { limit: 200 } } }));
    expect(await page.locator('[data-testid="screenings"] li').count()).toBe(day.items.length);
    expect(day.items.every((i) => i.mode === 'operator')).toBe(true);
    const recordedOf = async () => unwrap(await operatorApi.GET('/api/v1/follow-ups', {})).find((f) => f.screeningId === screening.id);
    expect(await recordedOf()).toMatchObject({
      organisationId: 'caritas-roma',
      needs: ['ISEE'],
      help: expect.arrayContaining([{ type: 'REFERRAL_CAF' }, expect.objectContaining({ type: 'APPLICATION', benefitId: likely.id })]) as unknown,
    });

    // Later, the application's outcome: granted, on the day it is recorded.
    const application = page.locator(`[data-application="${screening.id}:${likely.id}"]`);
    await accessible(page, 'operator-home-pending');
    await application.locator('[data-action="granted"]').click();
    await application.waitFor({ state: 'detached' });
    const granted = (await recordedOf())?.help.find((h) => h.type === 'APPLICATION');
    expect(granted).toMatchObject({ benefitId: likely.id, result: 'GRANTED' });
    expect(granted?.resultDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('too many requests: the page says it waits, and for how long, instead of failing', async () => {
    const limited = await startGateway(stack, { RATE_LIMIT_SCREENING_PER_MINUTE: '1' });
    try {
      const { page } = await phone(limited.url);
      await startSelf(page);
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await screen(page, 'welcome');
      await page.click('[data-action="start"]');
      await page.waitForSelector('.notice[role="status"]');
      expect(await page.textContent('.notice[role="status"]')).toMatch(/^Troppe richieste in poco tempo\. Riprovo da solo tra \d+ secondi\.$/);
      expect(await page.getAttribute('main', 'data-screen')).toBe('loading');
      await accessible(page, 'rate-limited');
    } finally {
      await limited.close();
    }
  });

  it('a service that is down shows what to do, in the chosen language, never a blank page', async () => {
    const broken = await startGateway({ ...stack, services: { ...stack.services, questionnaire: { ...stack.services.questionnaire, url: await deadUrl() } } });
    try {
      const { page } = await phone(broken.url);
      await page.check('input[name="language"][value="en"]');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await page.click('[data-action="start"]');
      await screen(page, 'error');
      expect(await page.textContent('[role="alert"]')).toBe(
        (JSON.parse(readFileSync(join(__dirname, '..', 'apps', 'web', 'src', 'messages', 'en.json'), 'utf8')) as { messages: Record<string, string> }).messages[
          'error.server'
        ],
      );
      await accessible(page, 'error-server-down');
    } finally {
      await broken.close();
    }
  });
});

describe('the web client message catalogues', () => {
  const dir = join(__dirname, '..', 'apps', 'web', 'src', 'messages');
  const read = (language: string) => JSON.parse(readFileSync(join(dir, `${language}.json`), 'utf8')) as { reviewed: boolean; messages: Record<string, string> };
  const italian = read('it');
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it.each(LANGUAGE_INFO.map((l) => l.code))(
    '%s has every text of the Italian one, with the same placeholders, and says whether it was reviewed',
    (language) => {
      const catalogue = read(language);
      expect(typeof catalogue.reviewed).toBe('boolean');
      // The operators' screens (operator.*, need.*, help.*) are in Italian and English: staff and volunteers work in them.
      const staff = (key: string) => /^(operator|need|help)\./.test(key);
      const expected = Object.keys(italian.messages).filter((k) => ['it', 'en'].includes(language) || !staff(k));
      expect(Object.keys(catalogue.messages).sort()).toEqual(expected.sort());
      for (const [key, text] of Object.entries(catalogue.messages)) {
        expect({ key, placeholders: placeholders(text) }).toEqual({ key, placeholders: placeholders(italian.messages[key] as string) });
        expect(text.trim()).not.toBe('');
      }
    },
  );

  it('Italian, the language of record, is reviewed', () => {
    expect(italian.reviewed).toBe(true);
  });
});
