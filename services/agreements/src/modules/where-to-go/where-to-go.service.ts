import { addDays, romeDate, ROME_TIME_ZONE } from '@inps/kernel';
import { Injectable } from '@nestjs/common';
import { Clock, NotFoundError } from '@inps/shared';
import { DataSource } from 'typeorm';
import { competentUnits, type OutreachEventStatus, type VenueType } from '../../domain';
import { OutreachEventEntity } from '../outreach-events/outreach-event.entity';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import { DEFAULT_WEEKS, type WhereToGoQueryDto } from './dto/where-to-go.query';
import type { PublicOutreachEvent, WhereToGo, WhereToGoComune } from './dto/where-to-go.view';

/** Events still to come: held and cancelled ones are of no use to someone looking for help. */
const UPCOMING: readonly OutreachEventStatus[] = ['PLANNED', 'COMMUNICATED', 'CONFIRMED'];
/**
 * Never published: an anti-violence centre's address is kept from the public for the safety of the
 * women it shelters, and an event there is for its guests only.
 */
const UNPUBLISHED_VENUES: readonly VenueType[] = ['ANTI_VIOLENCE_CENTRE'];
/** Enough for a sheet of paper; a large city over twelve weeks could list many more. */
const MAX_EVENTS = 30;

/**
 * Where a person in a comune can turn: the INPS units competent for it and the outreach events
 * planned there in the coming weeks. Public information (the programme publishes both), read by
 * anonymous callers: the questionnaire for every screening outcome, partner apps, a web page.
 */
@Injectable()
export class WhereToGoService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
    private readonly clock: Clock,
  ) {}

  async forComune(query: WhereToGoQueryDto): Promise<WhereToGo> {
    const territories = this.reference.territories;
    const comune = territories.get(query.comune);
    if (!comune || comune.level !== 'COMUNE') {
      throw new NotFoundError(`No comune has ISTAT code ${query.comune}`, [{ field: 'comune', issue: 'unknown ISTAT comune code' }]);
    }
    const now = this.clock.now();
    const from = romeDate(now);
    const weeks = query.weeks ?? DEFAULT_WEEKS;
    const to = addDays(from, 7 * weeks);
    const lineage = this.reference.lineage(comune.istatCode);
    const units = competentUnits(this.reference.inpsUnits, comune.istatCode, territories, from);
    return {
      comune: this.comuneView(comune.istatCode),
      from,
      to,
      weeks,
      inpsUnits: units.map((u) => ({
        id: u.id,
        kind: u.kind,
        name: u.name,
        shortName: u.shortName,
        competentFor: lineage.find((code) => u.covers.includes(code)) ?? u.covers[0]!,
      })),
      ...(await this.events(comune.istatCode, comune.provinceCode, lineage, now, to)),
    };
  }

  /**
   * The events recorded for the comune or an area containing it (not the whole country: that says
   * nothing of where to go); when there are none, those in the other comuni of its province, marked
   * `nearby`, since a person can often reach the next town but should not be sent there needlessly.
   */
  private async events(
    comune: string,
    province: string | null,
    lineage: readonly string[],
    now: Date,
    to: string,
  ): Promise<{ outreachEvents: PublicOutreachEvent[]; moreEvents: boolean }> {
    const here = lineage.filter((code) => code !== 'IT');
    const around = province
      ? this.reference.territories
          .children(province)
          .map((t) => t.istatCode)
          .filter((code) => code !== comune)
      : [];
    const rows = await this.dataSource
      .getRepository(OutreachEventEntity)
      .createQueryBuilder('e')
      .where('e.territory_code = ANY(:codes)', { codes: [...here, ...around] })
      .andWhere('e.status IN (:...statuses)', { statuses: UPCOMING })
      .andWhere('e.venue_type NOT IN (:...hidden)', { hidden: UNPUBLISHED_VENUES })
      .andWhere('e.ends_at >= :now', { now })
      // Up to the end of the window's last day in Rome, whatever the server's time zone.
      .andWhere(`e.starts_at < ((CAST(:to AS date) + 1)::timestamp AT TIME ZONE '${ROME_TIME_ZONE}')`, { to })
      .orderBy('e.starts_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
    const local = rows.filter((e) => here.includes(e.territoryCode));
    const nearby = local.length === 0;
    const chosen = nearby ? rows : local;
    return { outreachEvents: chosen.slice(0, MAX_EVENTS).map((e) => this.eventView(e, nearby)), moreEvents: chosen.length > MAX_EVENTS };
  }

  private eventView(e: OutreachEventEntity, nearby: boolean): PublicOutreachEvent {
    return {
      id: e.id,
      territoryCode: e.territoryCode,
      territoryName: this.reference.territories.get(e.territoryCode)?.name ?? e.territoryCode,
      nearby,
      venueType: e.venueType,
      venueName: e.venueName,
      address: e.address,
      title: e.title,
      description: e.description,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      status: e.status,
    };
  }

  private comuneView(code: string): WhereToGoComune {
    const t = this.reference.territories;
    const comune = t.get(code)!;
    return {
      istatCode: comune.istatCode,
      name: comune.name,
      provinceCode: comune.provinceCode,
      provinceName: comune.provinceCode ? (t.get(comune.provinceCode)?.name ?? null) : null,
      regionCode: comune.regionCode,
      regionName: comune.regionCode ? (t.get(comune.regionCode)?.name ?? null) : null,
    };
  }
}
