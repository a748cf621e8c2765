import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { inTransaction } from '@inps/shared';
import { ReferenceDataService } from './reference-data.service';

export interface SyncCounts {
  readonly territories: number;
  readonly inpsUnits: number;
  readonly organisations: number;
}

const BATCH = 1000;

/**
 * Makes the reference tables match the committed files. Rows are upserted and only rewritten when
 * something differs, so a second run (every start, every replica) changes nothing and reports zero.
 * Rows are never deleted: agreements may reference a closed organisation or a suppressed comune.
 */
@Injectable()
export class ReferenceDataSync implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReferenceDataSync.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const counts = await this.sync();
    this.logger.log(`reference data synchronised: ${JSON.stringify(counts)}`);
  }

  /** Returns how many rows were inserted or changed per table. */
  sync(): Promise<SyncCounts> {
    // One lock so that replicas starting together do not race on the same rows.
    return inTransaction(this.dataSource, async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('agreements.reference-data'))`);
      return { territories: await this.territories(m), inpsUnits: await this.units(m), organisations: await this.organisations(m) };
    });
  }

  private async territories(m: EntityManager): Promise<number> {
    const rows = this.reference.territories.all().filter((t) => t.level !== 'NATIONAL');
    let changed = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const col = <K extends keyof (typeof batch)[number]>(k: K) => batch.map((t) => t[k]);
      const result: unknown[] = await m.query(
        `INSERT INTO territory (istat_code, level, name, parent_code, region_code, province_code, acronym, uts_code, valid_from, valid_to)
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::text[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[], $8::varchar[], $9::date[], $10::date[])
         ON CONFLICT (istat_code, (coalesce(valid_from, '-infinity'::date))) DO UPDATE SET
           level = excluded.level, name = excluded.name, parent_code = excluded.parent_code, region_code = excluded.region_code,
           province_code = excluded.province_code, acronym = excluded.acronym, uts_code = excluded.uts_code, valid_to = excluded.valid_to
         WHERE (territory.level, territory.name, territory.parent_code, territory.region_code, territory.province_code, territory.acronym, territory.uts_code, territory.valid_to)
           IS DISTINCT FROM (excluded.level, excluded.name, excluded.parent_code, excluded.region_code, excluded.province_code, excluded.acronym, excluded.uts_code, excluded.valid_to)
         RETURNING 1`,
        [
          col('istatCode'),
          col('level'),
          col('name'),
          col('parentCode'),
          col('regionCode'),
          col('provinceCode'),
          col('acronym'),
          col('utsCode'),
          col('validFrom'),
          col('validTo'),
        ],
      );
      changed += result.length;
    }
    return changed;
  }

  private async units(m: EntityManager): Promise<number> {
    let changed = 0;
    for (const u of this.reference.inpsUnits) {
      const result: unknown[] = await m.query(
        `INSERT INTO inps_unit (id, kind, name, short_name, parent_id, covers, excludes, valid_from, valid_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, short_name = excluded.short_name,
           parent_id = excluded.parent_id, covers = excluded.covers, excludes = excluded.excludes,
           valid_from = excluded.valid_from, valid_to = excluded.valid_to
         WHERE (inps_unit.kind, inps_unit.name, inps_unit.short_name, inps_unit.parent_id, inps_unit.covers, inps_unit.excludes, inps_unit.valid_from, inps_unit.valid_to)
           IS DISTINCT FROM (excluded.kind, excluded.name, excluded.short_name, excluded.parent_id, excluded.covers, excluded.excludes, excluded.valid_from, excluded.valid_to)
         RETURNING 1`,
        [u.id, u.kind, u.name, u.shortName, u.parentId, u.covers, u.excludes, u.validFrom, u.validTo],
      );
      changed += result.length;
    }
    return changed;
  }

  private async organisations(m: EntityManager): Promise<number> {
    let changed = 0;
    for (const o of this.reference.organisations) {
      const result: unknown[] = await m.query(
        `INSERT INTO organisation (id, kind, name, short_name, territory_code, parent_id, demo, valid_from, valid_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, short_name = excluded.short_name,
           territory_code = excluded.territory_code, parent_id = excluded.parent_id, demo = excluded.demo,
           valid_from = excluded.valid_from, valid_to = excluded.valid_to
         WHERE (organisation.kind, organisation.name, organisation.short_name, organisation.territory_code, organisation.parent_id, organisation.demo, organisation.valid_from, organisation.valid_to)
           IS DISTINCT FROM (excluded.kind, excluded.name, excluded.short_name, excluded.territory_code, excluded.parent_id, excluded.demo, excluded.valid_from, excluded.valid_to)
         RETURNING 1`,
        [o.id, o.kind, o.name, o.shortName, o.territoryCode, o.parentId, o.demo, o.validFrom, o.validTo],
      );
      changed += result.length;
    }
    return changed;
  }
}
