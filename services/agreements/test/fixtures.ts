import type { AgreementsTestApp } from './helpers';
import { programmeOverHttp } from '@inps/shared';

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

/** The bodies live with the programme driver (@inps/shared); re-exported for the tests that import them from here. */
export { frameworkBody, territorialBody } from '@inps/shared';

/** Creates and signs a framework agreement (central), returning it as the API answered (loosely typed, like a supertest body). */
export async function signedFramework(
  t: AgreementsTestApp,
  central: string,
  code = 'FW-2026-01',
  signedOn = '2026-01-10',
): Promise<ReturnType<typeof JSON.parse>> {
  return programmeOverHttp(t.http, { central }).signedFramework({ code, signedOn });
}
