import { randomUUID } from 'node:crypto';
import { romeDate } from '@inps/kernel';
import { eventually, type OutboxMessage } from '@inps/shared';
import type { TerritoryDirectory } from '../src/modules/territories/territory-directory';

/**
 * A tiny ISTAT hierarchy for tests (the real registry is not wired yet): Roma and Fiumicino in the
 * metropolitan city of Roma (058) in Lazio (12); Milano in the metropolitan city 015 of Lombardia (03).
 */
type Level = 'NATIONAL' | 'REGION' | 'METROPOLITAN_CITY' | 'COMUNE';
const TREE: Record<string, { name: string; ancestors: string[]; level: Level }> = {
  '058091': { name: 'Roma', ancestors: ['058', '12', 'IT'], level: 'COMUNE' },
  '058120': { name: 'Fiumicino', ancestors: ['058', '12', 'IT'], level: 'COMUNE' },
  '015146': { name: 'Milano', ancestors: ['015', '03', 'IT'], level: 'COMUNE' },
  '058': { name: 'Roma (città metropolitana)', ancestors: ['12', 'IT'], level: 'METROPOLITAN_CITY' },
  '015': { name: 'Milano (città metropolitana)', ancestors: ['03', 'IT'], level: 'METROPOLITAN_CITY' },
  '12': { name: 'Lazio', ancestors: ['IT'], level: 'REGION' },
  '03': { name: 'Lombardia', ancestors: ['IT'], level: 'REGION' },
  IT: { name: 'Italia', ancestors: [], level: 'NATIONAL' },
};

export const fakeTerritories: TerritoryDirectory = {
  ancestorsOf: (code) => TREE[code]?.ancestors ?? null,
  nameOf: (code) => TREE[code]?.name ?? null,
  levelOf: (code) => TREE[code]?.level ?? null,
  childrenOf: (code) => Object.keys(TREE).filter((c) => TREE[c].ancestors[0] === code || (code === 'IT' && TREE[c].level === 'REGION')),
};

export interface ScreeningOverrides {
  screeningId?: string;
  day?: string;
  territory?: string | null;
  organisationId?: string | null;
  channel?: string;
  verdicts?: { benefitId: string; status: string; unknownFacts?: string[] }[];
  stoppedFor?: string[];
  /** Left out of the payload when not given, as in events from before "I don't know". */
  unknownFacts?: string[];
}

export function screeningEvent(o: ScreeningOverrides = {}): OutboxMessage {
  return {
    id: randomUUID(),
    type: 'screening.completed',
    occurredOn: romeDate(new Date()),
    payload: {
      screeningId: o.screeningId ?? randomUUID(),
      ruleSetId: 'inps-2026',
      day: o.day ?? '2026-03-10',
      territory: o.territory === undefined ? '058091' : o.territory,
      organisationId: o.organisationId === undefined ? 'org-a' : o.organisationId,
      channel: o.channel ?? 'desk',
      mode: 'operator',
      ageBand: '30-44',
      householdSizeBand: '3-4',
      verdicts: o.verdicts ?? [
        { benefitId: 'ADI', status: 'LIKELY_ELIGIBLE' },
        { benefitId: 'AUU', status: 'NOT_ELIGIBLE' },
      ],
      stoppedFor: o.stoppedFor ?? [],
      ...(o.unknownFacts ? { unknownFacts: o.unknownFacts } : {}),
    },
  };
}

export function agreementEvent(
  type: 'agreement.activated' | 'agreement.expired' | 'agreement.terminated',
  payload: Partial<Record<string, unknown>> = {},
): OutboxMessage {
  return {
    id: randomUUID(),
    type,
    occurredOn: romeDate(new Date()),
    payload: {
      agreementId: 'agr-1',
      code: 'ACC-2026-001',
      kind: 'PROTOCOL',
      organisations: ['org-a', 'org-b'],
      territories: ['058091', '058120'],
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
      day: '2026-01-01',
      ...payload,
    },
  };
}

/**
 * @deprecated Use `eventually` from @inps/shared (the one poller); kept for tests written against it.
 * @public
 */
export function waitFor(check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  return eventually('a condition', check, { timeoutMs, everyMs: 50 }).then(() => undefined);
}

/** Records screenings straight through the service (the API process has no events worker). */
export async function seedScreenings(app: { get<T>(type: new (...args: never[]) => T): T }, events: readonly OutboxMessage[]): Promise<void> {
  const { DataSource } = await import('typeorm');
  const { OutcomesService } = await import('../src/modules/outcomes/outcomes.service');
  const { parseScreeningCompleted } = await import('../src/modules/events/event-contracts');
  const ds = app.get(DataSource);
  const outcomes = app.get(OutcomesService);
  await ds.transaction(async (m) => {
    for (const e of events) await outcomes.record(m, e.id, parseScreeningCompleted(e.payload));
  });
}
