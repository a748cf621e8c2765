import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAILURES_TO_OPEN, OPEN_MS } from '../src/modules/where-to-go/agreements.client';
import { startQuestionnaire, type QuestionnaireTestApp } from './helpers';

/**
 * The where-to-go part of screening outcomes, with a real HTTP server standing in for the
 * agreements service: it serves the contract of `GET /api/v1/where-to-go` (the whole-system test
 * test/where-to-go-across-services.spec.ts runs it against the real service), counts the calls, and
 * can be slow, or stopped and started again on the same port.
 */
class StandIn {
  readonly calls: string[] = [];
  delayMs = 0;
  private server?: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      this.calls.push(`${url.pathname}?${url.searchParams.toString()}`);
      const comune = url.searchParams.get('comune') ?? '';
      const answer = () => {
        if (url.pathname !== '/api/v1/where-to-go') return void res.writeHead(404).end();
        if (comune === '000001') {
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ comune: { istatCode: comune }, units: 'not the contract' }));
        }
        if (comune === '999999') {
          res.writeHead(404, { 'content-type': 'application/json' });
          return void res.end(
            JSON.stringify({ error: { code: 'NOT_FOUND', message: 'No comune', details: [{ field: 'comune', issue: 'unknown ISTAT comune code' }] } }),
          );
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(contract(comune, Number(url.searchParams.get('weeks')))));
      };
      if (this.delayMs > 0) setTimeout(answer, this.delayMs).unref();
      else answer();
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}

/** The agreements service's answer, as its own integration test checks it. */
function contract(comune: string, weeks: number) {
  return {
    comune: {
      istatCode: comune,
      name: comune === '058091' ? 'Roma' : `Comune ${comune}`,
      provinceCode: comune.slice(0, 3),
      provinceName: 'Roma',
      regionCode: '12',
      regionName: 'Lazio',
    },
    from: '2026-03-10',
    to: '2026-04-07',
    weeks,
    inpsUnits: [
      {
        id: 'dcm-roma',
        kind: 'METROPOLITAN_COORDINATION_DIRECTORATE',
        name: 'Direzione di coordinamento metropolitano di Roma',
        shortName: 'DCM Roma',
        competentFor: '058',
      },
    ],
    outreachEvents: [
      {
        id: '6f1c1d7e-2a59-4f43-9a55-0d1f3c0b6a11',
        territoryCode: comune,
        territoryName: 'Roma',
        nearby: false,
        venueType: 'SOUP_KITCHEN',
        venueName: 'Mensa di via Marsala',
        address: 'Via Marsala 109',
        title: 'Sportello INPS',
        description: null,
        startsAt: '2026-03-17T09:00:00.000Z',
        endsAt: '2026-03-17T12:00:00.000Z',
        status: 'CONFIRMED',
      },
    ],
    moreEvents: false,
  };
}

const TIMEOUT_MS = 300;

interface WhereToGoBody {
  comune: string | null;
  comuneName: string | null;
  available: boolean;
  complete: boolean;
  missingBecause: string | null;
  inpsUnits: { id: string; name: string }[];
  outreachEvents: { venueName: string; venueKind: string }[];
  nationalChannels: { id: string; language: string; reviewed: boolean }[];
}

describe('where to go, in screening outcomes', () => {
  const agreements = new StandIn();
  let t: QuestionnaireTestApp;

  beforeAll(async () => {
    await agreements.start();
    t = await startQuestionnaire({
      AGREEMENTS_URL: agreements.url,
      AGREEMENTS_TIMEOUT_MS: String(TIMEOUT_MS),
      WHERE_TO_GO_CACHE_SECONDS: '600',
      WHERE_TO_GO_WEEKS: '4',
    });
  });
  afterAll(async () => {
    await t.close();
    await agreements.stop();
  });

  /** Starts a self-assessment and ends it at once: its outcome, and how long the ending took. */
  async function completed(start: Record<string, string>): Promise<{ id: string; whereToGo: WhereToGoBody; ms: number }> {
    const id = (
      await t.http
        .post('/api/v1/screenings')
        .send({ mode: 'self', ...start })
        .expect(201)
    ).body.id as string;
    const began = performance.now();
    const res = await t.http.post(`/api/v1/screenings/${id}/complete`).expect(200);
    return { id, whereToGo: res.body.outcome.whereToGo as WhereToGoBody, ms: performance.now() - began };
  }
  const whereToGoOf = async (id: string) => (await t.http.get(`/api/v1/screenings/${id}`).expect(200)).body.outcome.whereToGo as WhereToGoBody;

  let rome: string;

  it('names the competent INPS unit and the events planned in the comune, with the national channels in the screening’s language', async () => {
    const { id, whereToGo } = await completed({ language: 'en', territory: '058091' });
    rome = id;
    expect(agreements.calls).toEqual(['/api/v1/where-to-go?comune=058091&weeks=4']);
    expect(whereToGo).toMatchObject({
      comune: '058091',
      comuneName: 'Roma',
      available: true,
      complete: true,
      missingBecause: null,
      weeks: 4,
      inpsUnits: [{ id: 'dcm-roma', name: 'Direzione di coordinamento metropolitano di Roma', shortName: 'DCM Roma' }],
      outreachEvents: [
        {
          venueType: 'SOUP_KITCHEN',
          venueKind: 'Soup kitchen',
          venueName: 'Mensa di via Marsala',
          address: 'Via Marsala 109',
          startsAt: '2026-03-17T09:00:00.000Z',
          status: 'CONFIRMED',
          nearby: false,
        },
      ],
      moreEvents: false,
    });
    expect(whereToGo.nationalChannels.map((c) => c.id)).toEqual(['contact-centre', 'online-services', 'inps-app', 'patronati', 'caf']);
    expect(whereToGo.nationalChannels.every((c) => c.language === 'en' && c.reviewed === false)).toBe(true);
    expect(whereToGo.nationalChannels[0]).toMatchObject({
      name: 'INPS contact centre',
      contacts: [
        { value: '803 164', free: true },
        { value: '06 164 164', free: false },
      ],
    });
  });

  it('asks the registry once per comune while its answer is fresh, and again once it is not', async () => {
    await whereToGoOf(rome);
    const other = await completed({ language: 'it', territory: '058091' });
    expect(other.whereToGo).toMatchObject({ available: true, outreachEvents: [{ venueKind: 'Mensa' }] });
    expect(agreements.calls).toHaveLength(1);
    t.clock.advance(601_000);
    expect(await whereToGoOf(rome)).toMatchObject({ available: true, comuneName: 'Roma' });
    expect(agreements.calls).toHaveLength(2);
  });

  it('answers the same over GraphQL', async () => {
    const res = await t.http
      .post('/graphql')
      .send({
        query: `{ screening(id: "${rome}") { outcome { whereToGo { comune comuneName available complete inpsUnits { id } outreachEvents { venueKind venueName } nationalChannels { id kind name free contacts { kind value free } language reviewed } } } } }`,
      })
      .expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.screening.outcome.whereToGo).toMatchObject({
      comune: '058091',
      available: true,
      complete: true,
      inpsUnits: [{ id: 'dcm-roma' }],
      outreachEvents: [{ venueKind: 'Soup kitchen', venueName: 'Mensa di via Marsala' }],
      nationalChannels: expect.arrayContaining([
        expect.objectContaining({ id: 'online-services', kind: 'ONLINE', contacts: [{ kind: 'URL', value: 'https://www.inps.it', free: null }] }),
      ]),
    });
    expect(agreements.calls).toHaveLength(2);
  });

  it('says so when the registry knows no such comune, and does not ask again about it', async () => {
    const first = await completed({ language: 'en', territory: '999999' });
    expect(first.whereToGo).toMatchObject({
      comune: '999999',
      comuneName: null,
      available: false,
      complete: true,
      missingBecause: 'UNKNOWN_COMUNE',
      inpsUnits: [],
      outreachEvents: [],
    });
    expect(first.whereToGo.nationalChannels).toHaveLength(5);
    await whereToGoOf(first.id);
    expect(agreements.calls.filter((c) => c.includes('999999'))).toHaveLength(1);
  });

  it('lists the national channels alone when the screening has no comune, asking nobody', async () => {
    const before = agreements.calls.length;
    const { whereToGo } = await completed({ language: 'en' });
    expect(whereToGo).toMatchObject({ comune: null, available: false, complete: true, missingBecause: 'NO_COMUNE', inpsUnits: [], outreachEvents: [] });
    expect(whereToGo.nationalChannels.every((c) => c.language === 'en')).toBe(true);
    expect(agreements.calls).toHaveLength(before);
  });

  it('takes an answer of another shape for no answer, never passing it on', async () => {
    const { whereToGo } = await completed({ language: 'it', territory: '000001' });
    expect(whereToGo).toMatchObject({ available: false, complete: false, missingBecause: 'REGISTRY_UNAVAILABLE', inpsUnits: [], outreachEvents: [] });
    expect(JSON.stringify(whereToGo)).not.toContain('not the contract');
  });

  it('makes one call for outcomes of the same comune read at the same time', async () => {
    const ids = await Promise.all(
      ['it', 'en'].map(
        async (language) => (await t.http.post('/api/v1/screenings').send({ mode: 'self', language, territory: '058003' }).expect(201)).body.id as string,
      ),
    );
    // Slower than the two requests' gap, faster than the timeout: without sharing, both would ask.
    agreements.delayMs = 150;
    try {
      const outcomes = await Promise.all(ids.map((id) => t.http.post(`/api/v1/screenings/${id}/complete`).expect(200)));
      expect(outcomes.map((r) => r.body.outcome.whereToGo.available)).toEqual([true, true]);
      expect(agreements.calls.filter((c) => c.includes('058003'))).toHaveLength(1);
    } finally {
      agreements.delayMs = 0;
    }
  });

  it('answers quickly without the local part when the registry is slow or stopped, keeps what it had, and leaves it alone for a while after repeated failures', async () => {
    agreements.delayMs = 5_000;
    const slow = await completed({ language: 'it', territory: '058047' });
    expect(slow.whereToGo).toMatchObject({ comune: '058047', available: false, complete: false, missingBecause: 'REGISTRY_UNAVAILABLE', inpsUnits: [] });
    expect(slow.whereToGo.nationalChannels).toHaveLength(5);
    expect(slow.ms).toBeLessThan(TIMEOUT_MS + 1_000);

    await agreements.stop();
    agreements.delayMs = 0;
    const stopped = await completed({ language: 'it', territory: '058120' });
    expect(stopped.whereToGo).toMatchObject({ available: false, complete: false, missingBecause: 'REGISTRY_UNAVAILABLE' });
    expect(stopped.ms).toBeLessThan(TIMEOUT_MS + 1_000);
    // Rome's answer is still fresh: the registry being down changes nothing there.
    expect(await whereToGoOf(rome)).toMatchObject({ available: true, inpsUnits: [{ id: 'dcm-roma' }] });

    expect(FAILURES_TO_OPEN).toBe(3);
    expect(await whereToGoOf(slow.id)).toMatchObject({ available: false }); // the third failure in a row opens the circuit
    await agreements.start(); // back, on the same port
    const callsWhenBack = agreements.calls.length;
    expect(await whereToGoOf(slow.id)).toMatchObject({ available: false, missingBecause: 'REGISTRY_UNAVAILABLE' });
    expect(agreements.calls).toHaveLength(callsWhenBack); // not even asked

    t.clock.advance(OPEN_MS + 1_000);
    expect(await whereToGoOf(slow.id)).toMatchObject({ comune: '058047', available: true, complete: true, missingBecause: null });
    expect(agreements.calls.slice(callsWhenBack)).toEqual(['/api/v1/where-to-go?comune=058047&weeks=4']);
  });
});
