import { type Language } from '@inps/kernel';
import { Injectable } from '@nestjs/common';
import { Clock } from '@inps/shared';
import { AgreementsAccess } from '../../questionnaire.config';
import { AgreementsClient, type RegistryAnswer } from './agreements.client';
import type { WhereToGoGap, WhereToGoOutcome } from './dto/where-to-go.outputs';
import { NationalChannels } from './national-channels';
import { TtlLruCache } from './ttl-lru.cache';

/** Every comune fits (7,896): a few kilobytes each. */
const CACHE_CAPACITY = 8_000;

type Cacheable = Extract<RegistryAnswer, { kind: 'FOUND' | 'UNKNOWN_COMUNE' }>;

/**
 * The where-to-go part of a screening outcome: the national channels always, and the INPS unit and
 * outreach events of the screening's comune from the agreements registry when it answers in time.
 *
 * The registry's answers are kept in memory for a few minutes, per comune (its only input), in each
 * replica: the data is public and changes slowly (events are planned weeks ahead), so a replica
 * that is a few minutes behind another shows nothing wrong, and a shared cache would be one more
 * thing that can be down on a path that must not fail. Concurrent outcomes of one comune share one
 * call. Failures are not kept: the next outcome asks again (the client's circuit breaker spares the
 * registry while it is down).
 */
@Injectable()
export class WhereToGoService {
  private readonly channels = NationalChannels.load();
  private readonly cache: TtlLruCache<Cacheable>;
  private readonly inFlight = new Map<string, Promise<RegistryAnswer>>();

  constructor(
    private readonly client: AgreementsClient,
    private readonly clock: Clock,
    private readonly access: AgreementsAccess,
  ) {
    this.cache = new TtlLruCache(CACHE_CAPACITY, access.cacheSeconds * 1000);
  }

  async forOutcome(comune: string | null, language: Language): Promise<WhereToGoOutcome> {
    const nationalChannels = this.channels.in(language).map((c) => ({ ...c, contacts: [...c.contacts] }));
    const base = { comune, comuneName: null, weeks: this.access.weeks, inpsUnits: [], outreachEvents: [], moreEvents: false, nationalChannels };
    if (comune === null) return { ...base, ...gap('NO_COMUNE') };
    const answer = await this.registry(comune);
    switch (answer.kind) {
      case 'FOUND': {
        const w = answer.whereToGo;
        return {
          ...base,
          comuneName: w.comune.name,
          available: true,
          complete: true,
          missingBecause: null,
          inpsUnits: w.inpsUnits.map((u) => ({ id: u.id, kind: u.kind, name: u.name, shortName: u.shortName })),
          outreachEvents: w.outreachEvents.map((e) => ({
            id: e.id,
            startsAt: e.startsAt,
            endsAt: e.endsAt,
            venueType: e.venueType,
            venueKind: this.channels.venueKind(e.venueType, language),
            venueName: e.venueName,
            address: e.address,
            title: e.title,
            description: e.description,
            territoryName: e.territoryName,
            nearby: e.nearby,
            status: e.status,
          })),
          moreEvents: w.moreEvents,
        };
      }
      case 'UNKNOWN_COMUNE':
        return { ...base, ...gap('UNKNOWN_COMUNE') };
      case 'UNAVAILABLE':
        return { ...base, ...gap('REGISTRY_UNAVAILABLE') };
      case 'NOT_CONFIGURED':
        return { ...base, ...gap('REGISTRY_NOT_CONFIGURED') };
    }
  }

  private async registry(comune: string): Promise<RegistryAnswer> {
    const cached = this.cache.get(comune, this.clock.now().getTime());
    if (cached) return cached;
    const pending = this.inFlight.get(comune);
    if (pending) return pending;
    const call = this.client.whereToGo(comune).then((answer) => {
      if (answer.kind === 'FOUND' || answer.kind === 'UNKNOWN_COMUNE') this.cache.set(comune, answer, this.clock.now().getTime());
      return answer;
    });
    this.inFlight.set(comune, call);
    try {
      return await call;
    } finally {
      this.inFlight.delete(comune);
    }
  }
}

function gap(reason: WhereToGoGap): { available: false; complete: boolean; missingBecause: WhereToGoGap } {
  return { available: false, complete: reason !== 'REGISTRY_UNAVAILABLE', missingBecause: reason };
}
