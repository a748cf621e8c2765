import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, ForbiddenError, ValidationFailedError, type Principal } from '@inps/shared';
import { reaches, scopeOf } from '../../common/access';
import { buildReportSnapshot, toPartnerView, type ReportScope } from '../reports/render';
import { ReportInputBuilder } from '../reports/report-input.builder';
import { TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';
import type { IndicatorsQuery } from './dto/indicators.dto';
import type { IndicatorsView } from './dto/indicators.response';

/** Live indicators, computed the report's way from the rollups (nothing is stored). */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly inputs: ReportInputBuilder,
    @Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory,
  ) {}

  async get(principal: Principal | null, query: IndicatorsQuery): Promise<IndicatorsView> {
    const access = scopeOf(principal);
    let scope: ReportScope;
    try {
      scope = this.inputs.scopeOf(query.territory);
    } catch {
      throw new ValidationFailedError([{ field: 'territory', issue: 'is not a known ISTAT territory' }]);
    }
    if (access.kind === 'territorial' && !reaches(access, scope.istatCode, this.territories)) {
      throw new ForbiddenError('This territory is outside your competence', [{ field: 'territory', issue: 'outside your territories' }]);
    }
    // Version 0: a live view, not a numbered report.
    const input = await this.inputs.build(this.dataSource.manager, query.semester, scope, 0, this.clock.now());
    const snapshot = buildReportSnapshot(input);
    if (access.kind !== 'partner') return { semester: query.semester, scope, partnerView: false, withheld: null, indicators: snapshot.indicators };
    try {
      return { semester: query.semester, scope, partnerView: true, withheld: null, indicators: toPartnerView(snapshot).indicators };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!reason.startsWith('Suppression could not protect')) throw error;
      return { semester: query.semester, scope, partnerView: true, withheld: 'The counts are too small to publish to partners', indicators: [] };
    }
  }
}
