import type { AgreementsTestApp } from './helpers';
import { bearer } from './helpers';

export interface Tokens {
  central: string;
  dg: string;
  lazio: string;
  piemonte: string;
  operatorCaritasRoma: string;
  operatorOther: string;
}

export async function tokensFor(t: AgreementsTestApp): Promise<Tokens> {
  return {
    central: await t.tokens.central(),
    dg: await t.tokens.dg(),
    lazio: await t.tokens.territorial(['12']),
    piemonte: await t.tokens.territorial(['01']),
    operatorCaritasRoma: await t.tokens.operator('caritas-roma'),
    operatorOther: await t.tokens.operator('anci'),
  };
}

export const frameworkBody = (code = 'FW-2026-01') => ({
  code,
  kind: 'FRAMEWORK',
  title: 'Accordo quadro INPS per tutti',
  legalBasis: 'Messaggio INPS 2410/2021',
  parties: [
    { organisationId: 'caritas-italiana', role: 'signatory', commitments: ['diffusione'] },
    { inpsUnitId: 'dg', role: 'signatory', commitments: ['formazione'] },
  ],
  scope: ['IT'],
  term: { years: 3 },
  flags: { itChanges: false, dataExchange: false, costs: false },
});

export const territorialBody = (parentId: string, code = 'TER-LAZIO-01', flags = { itChanges: false, dataExchange: false, costs: true }) => ({
  code,
  kind: 'TERRITORIAL',
  title: 'Protocollo Roma',
  parentId,
  parties: [
    { organisationId: 'caritas-roma', role: 'proponent', commitments: ['sportello'] },
    { inpsUnitId: 'dr-lazio', role: 'signatory', commitments: ['consulenza'] },
  ],
  scope: ['058091'],
  term: { years: 1 },
  flags,
});

/** Creates and signs a framework agreement (central), returning it. */
export async function signedFramework(t: AgreementsTestApp, central: string, code = 'FW-2026-01', signedOn = '2026-01-10') {
  const created = await t.http.post('/api/v1/agreements').set('authorization', bearer(central)).send(frameworkBody(code)).expect(201);
  const signed = await t.http
    .post(`/api/v1/agreements/${created.body.id}/transitions`)
    .set('authorization', bearer(central))
    .send({
      action: 'sign',
      version: created.body.version,
      signatures: [
        { party: 0, signedOn },
        { party: 1, signedOn },
      ],
    })
    .expect(200);
  return signed.body;
}
