/**
 * The programme's set-up, written once: a framework agreement signed by the central directorate,
 * and territorial agreements under it taken through review (submit, start_review, approve) to
 * signature, hence ACTIVE once their validity begins. Used by the integration, whole-system, fault
 * and security tests and by the demo data of `npm start`, over whichever transport they have: the
 * agreements REST API (supertest or fetch) or the service itself (`AgreementsPort`).
 */
import { eventually } from './eventually';

/** What the driver reads of an agreement. */
export interface AgreementView {
  readonly id: string;
  readonly version: number;
  readonly status: string;
  readonly [field: string]: unknown;
}

/** How the driver reaches the agreements service; `Who` is a bearer token over HTTP, a principal in-process. */
export interface AgreementsPort<Who> {
  create(who: Who, body: object): Promise<AgreementView>;
  transition(who: Who, id: string, command: object): Promise<AgreementView>;
  get(who: Who, id: string): Promise<AgreementView>;
}

export interface Party {
  readonly organisationId?: string;
  readonly inpsUnitId?: string;
  readonly role: 'signatory' | 'proponent';
  readonly commitments: readonly string[];
}

const NO_FLAGS = { itChanges: false, dataExchange: false, costs: false };

/** A framework agreement's body: national scope, Caritas Italiana and the DG, three years. */
export const frameworkBody = (code = 'FW-2026-01', overrides: Record<string, unknown> = {}) => ({
  code,
  kind: 'FRAMEWORK',
  title: 'Accordo quadro INPS per tutti',
  legalBasis: 'Messaggio INPS 2410/2021',
  parties: [
    { organisationId: 'caritas-italiana', role: 'signatory', commitments: ['diffusione'] },
    { inpsUnitId: 'dg', role: 'signatory', commitments: ['formazione'] },
  ] as Party[],
  scope: ['IT'],
  term: { years: 3 } as Record<string, number>,
  flags: NO_FLAGS,
  ...overrides,
});

/** A territorial agreement's body under `parentId`: Caritas Roma and the Lazio directorate, in Rome, one year. */
export const territorialBody = (
  parentId: string,
  code = 'TER-LAZIO-01',
  flags = { itChanges: false, dataExchange: false, costs: true },
  overrides: Record<string, unknown> = {},
) => ({
  code,
  kind: 'TERRITORIAL',
  title: 'Protocollo Roma',
  parentId,
  parties: [
    { organisationId: 'caritas-roma', role: 'proponent', commitments: ['sportello'] },
    { inpsUnitId: 'dr-lazio', role: 'signatory', commitments: ['consulenza'] },
  ] as Party[],
  scope: ['058091'],
  term: { years: 1 } as Record<string, number>,
  flags,
  ...overrides,
});

/** Every party signs on `signedOn`. */
export const signatures = (parties: number, signedOn: string) => Array.from({ length: parties }, (_, party) => ({ party, signedOn }));

/** One step of the review, by role: what a territorial agreement goes through from DRAFT to SIGNED. */
export interface ReviewStep {
  readonly action: 'submit' | 'start_review' | 'approve' | 'sign';
  readonly by: 'territorial' | 'central';
  /** Besides action and version. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** The review without a DG evaluation (no costs, IT changes or data exchange): submit, review, approve, sign. */
export function reviewSteps(options: { readonly parties: number; readonly signedOn: string; readonly comment?: string }): ReviewStep[] {
  return [
    { action: 'submit', by: 'territorial', extra: {} },
    { action: 'start_review', by: 'central', extra: {} },
    { action: 'approve', by: 'central', extra: { comment: options.comment ?? 'Conforme' } },
    { action: 'sign', by: 'territorial', extra: { signatures: signatures(options.parties, options.signedOn) } },
  ];
}

export interface FrameworkOptions {
  readonly code?: string;
  readonly signedOn: string;
  /** Anything else of the body (title, parties, term, effectiveFrom…). */
  readonly body?: Record<string, unknown>;
}

export interface TerritorialOptions {
  readonly parentId: string;
  readonly code?: string;
  readonly signedOn: string;
  readonly comment?: string;
  /** Anything else of the body (title, parties, scope, term…); flags default to none, so no DG evaluation. */
  readonly body?: Record<string, unknown>;
}

export class ProgrammeDriver<Who> {
  constructor(
    private readonly port: AgreementsPort<Who>,
    /** central signs frameworks and reviews; territorial drafts, submits and signs territorial agreements. */
    private readonly who: { readonly central: Who; readonly territorial?: Who },
  ) {}

  /** A framework agreement, created and signed by central: SIGNED (ACTIVE once its validity begins). */
  async signedFramework(options: FrameworkOptions): Promise<AgreementView> {
    const body = frameworkBody(options.code, options.body);
    const created = await this.port.create(this.who.central, body);
    return this.port.transition(this.who.central, created.id, {
      action: 'sign',
      version: created.version,
      signatures: signatures(body.parties.length, options.signedOn),
    });
  }

  /** A territorial agreement under `parentId`, drafted by territorial and taken through review to SIGNED. */
  async signedTerritorial(options: TerritorialOptions): Promise<AgreementView> {
    const territorial = this.who.territorial;
    if (territorial === undefined) throw new Error('ProgrammeDriver: a territorial user is needed for a territorial agreement');
    const body = territorialBody(options.parentId, options.code, NO_FLAGS, options.body);
    let agreement = await this.port.create(territorial, body);
    for (const step of reviewSteps({ parties: body.parties.length, signedOn: options.signedOn, comment: options.comment })) {
      const by = step.by === 'central' ? this.who.central : territorial;
      agreement = await this.port.transition(by, agreement.id, { action: step.action, version: agreement.version, ...step.extra });
    }
    return agreement;
  }

  /** signedTerritorial, then waits for the agreement to be ACTIVE (the signature day has come: at once, or by the scheduler). */
  async activeAgreement(options: TerritorialOptions & { readonly timeoutMs?: number }): Promise<AgreementView> {
    const signed = await this.signedTerritorial(options);
    return this.untilActive(signed.id, options.timeoutMs);
  }

  untilActive(id: string, timeoutMs = 60_000): Promise<AgreementView> {
    return eventually(
      `agreement ${id} to become ACTIVE`,
      async () => {
        const a = await this.port.get(this.who.central, id);
        return a.status === 'ACTIVE' ? a : undefined;
      },
      { timeoutMs, everyMs: 250 },
    );
  }
}

/** One HTTP call of the agreements REST API: status and parsed body. */
export type HttpCall = (token: string, method: 'GET' | 'POST', path: string, body?: unknown) => Promise<{ status: number; body: unknown; text?: string }>;

/** The REST API as a port: an answer other than 200/201 fails with its status and body. */
export function restAgreements(call: HttpCall): AgreementsPort<string> {
  const expectOk = async (token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<AgreementView> => {
    const res = await call(token, method, path, body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`${method} ${path}: ${res.status} ${res.text ?? JSON.stringify(res.body)}`.slice(0, 800));
    return res.body as AgreementView;
  };
  return {
    create: (token, body) => expectOk(token, 'POST', '/api/v1/agreements', body),
    transition: (token, id, command) => expectOk(token, 'POST', `/api/v1/agreements/${id}/transitions`, command),
    get: (token, id) => expectOk(token, 'GET', `/api/v1/agreements/${id}`),
  };
}

/** What the driver needs of a supertest agent (supertest(app) or a TestApp's `http`). */
interface SupertestLike {
  get(path: string): SupertestRequest;
  post(path: string): SupertestRequest;
}
interface SupertestRequest extends PromiseLike<{ status: number; body: unknown; text: string }> {
  set(name: string, value: string): SupertestRequest;
  send(body: unknown): SupertestRequest;
}

/** A driver over supertest: a TestApp's `http`, or the gateway's (`/api/v1/agreements` is proxied). */
export function programmeOverHttp(http: SupertestLike, tokens: { readonly central: string; readonly territorial?: string }): ProgrammeDriver<string> {
  return new ProgrammeDriver(
    restAgreements(async (token, method, path, body) => {
      const req = (method === 'GET' ? http.get(path) : http.post(path)).set('authorization', `Bearer ${token}`);
      const res = await (body === undefined ? req : req.send(body));
      return { status: res.status, body: res.body, text: res.text };
    }),
    tokens,
  );
}

/** A driver over fetch, for a service (or the gateway) listening at `baseUrl`. */
export function programmeOverFetch(baseUrl: string, tokens: { readonly central: string; readonly territorial?: string }): ProgrammeDriver<string> {
  return new ProgrammeDriver(
    restAgreements(async (token, method, path, body) => {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = {};
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        parsed = { raw: text };
      }
      return { status: res.status, body: parsed, text };
    }),
    tokens,
  );
}
