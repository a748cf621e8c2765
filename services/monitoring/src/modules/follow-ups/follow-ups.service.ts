import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { romeDate } from '@inps/kernel';
import { Clock, inTransaction, NotFoundError, notFoundError, type Principal, UnprocessableError, ValidationFailedError } from '@inps/shared';
import { semesterOf } from '../../domain';
import { organisationOf, reaches, scopeOf } from '../../common/access';
import { ScreeningOutcomeEntity } from '../outcomes/screening-outcome.entity';
import { TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';
import type { SemesterFilter } from '../../common/semester.args';
import type { CreateFollowUpDto, UpdateResultDto } from './dto/follow-up.dto';
import type { FollowUpView } from './dto/follow-up.response';
import { FollowUpApplicationEntity, FollowUpEntity } from './follow-up.entity';
import { QuestionnaireClient } from './questionnaire.client';

function view(f: FollowUpEntity): FollowUpView {
  const applications = [...f.applications].sort((a, b) => a.benefitId.localeCompare(b.benefitId));
  return {
    id: f.id,
    screeningId: f.screeningId,
    organisationId: f.organisationId,
    day: f.day,
    semester: f.semester,
    needs: f.needs,
    help: [
      ...f.helpTypes.map((type) => ({ type })),
      ...applications.map((a) => ({ type: 'APPLICATION', benefitId: a.benefitId, result: a.result, resultDate: a.resultDate })),
    ],
  };
}

@Injectable()
export class FollowUpsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory,
    private readonly questionnaire: QuestionnaireClient,
  ) {}

  async create(principal: Principal | null, dto: CreateFollowUpDto): Promise<FollowUpView> {
    const organisationId = organisationOf(principal);
    const today = romeDate(this.clock.now());
    const day = dto.day ?? today;
    const benefits = dto.help.filter((h) => h.type === 'APPLICATION').map((h) => h.benefitId as string);
    if (new Set(benefits).size !== benefits.length) {
      throw new ValidationFailedError([{ field: 'help', issue: 'an application for the same benefit is listed twice' }]);
    }
    if ((dto.screeningId === undefined) === (dto.resumeCode === undefined)) {
      throw new ValidationFailedError(
        dto.screeningId === undefined
          ? [{ field: 'screeningId', issue: 'screeningId or resumeCode is required' }]
          : [{ field: 'resumeCode', issue: 'give screeningId or resumeCode, not both' }],
      );
    }
    // Resolved before the transaction: no connection is held while the questionnaire answers.
    const byCode = dto.resumeCode !== undefined;
    const screeningId = dto.screeningId ?? (await this.questionnaire.screeningIdOf(dto.resumeCode as string, organisationId));
    return inTransaction(this.dataSource, async (m) => {
      const screening = await m.findOneBy(ScreeningOutcomeEntity, { screeningId });
      if (!screening) {
        // By code: completed in the questionnaire, but its event has not reached monitoring yet.
        throw byCode
          ? new NotFoundError('The screening of this resume code has not reached monitoring yet: retry shortly', [
              { field: 'resumeCode', issue: 'screening not yet known to monitoring' },
            ])
          : new NotFoundError('No completed screening has this id', [{ field: 'screeningId', issue: 'no completed screening has this id' }]);
      }
      if (day > today) throw new UnprocessableError('The day is in the future', [{ field: 'day', issue: `must not be after today (${today})` }]);
      if (day < screening.day)
        throw new UnprocessableError('The day is before the screening', [{ field: 'day', issue: `must not be before the screening's day (${screening.day})` }]);
      const followUp = m.create(FollowUpEntity, {
        screeningId,
        organisationId,
        day,
        semester: semesterOf(day).id,
        needs: [...new Set(dto.needs)],
        helpTypes: [...new Set(dto.help.filter((h) => h.type !== 'APPLICATION').map((h) => h.type))],
        createdOn: today,
        updatedOn: today,
        applications: benefits.map((benefitId) => m.create(FollowUpApplicationEntity, { benefitId, result: 'PENDING', resultDate: null })),
      });
      const saved = await m.save(followUp);
      return view(saved);
    });
  }

  async updateResult(principal: Principal | null, id: string, dto: UpdateResultDto): Promise<FollowUpView> {
    const organisationId = organisationOf(principal);
    if (dto.result === 'PENDING' && dto.resultDate !== undefined) {
      throw new ValidationFailedError([{ field: 'resultDate', issue: 'a pending application has no result date' }]);
    }
    if (dto.result !== 'PENDING' && dto.resultDate === undefined) {
      throw new ValidationFailedError([{ field: 'resultDate', issue: `is required when the result is ${dto.result}` }]);
    }
    return inTransaction(this.dataSource, async (m) => {
      const followUp = await m.findOne(FollowUpEntity, { where: { id }, lock: { mode: 'pessimistic_write', tables: ['follow_up'] } });
      if (!followUp || followUp.organisationId !== organisationId) {
        // Another partner's follow-up is reported as absent: its existence is not theirs to know.
        throw notFoundError('follow-up', id, 'No follow-up of your organisation has this id');
      }
      const application = followUp.applications.find((a) => a.benefitId === dto.benefitId);
      if (!application) {
        throw new UnprocessableError('No application for this benefit', [{ field: 'benefitId', issue: 'this follow-up has no application for this benefit' }]);
      }
      const today = romeDate(this.clock.now());
      if (dto.resultDate !== undefined && (dto.resultDate < followUp.day || dto.resultDate > today)) {
        throw new UnprocessableError('The result date is out of range', [{ field: 'resultDate', issue: `must be from ${followUp.day} to ${today}` }]);
      }
      await m.update(FollowUpApplicationEntity, { followUpId: id, benefitId: dto.benefitId }, { result: dto.result, resultDate: dto.resultDate ?? null });
      await m.update(FollowUpEntity, { id }, { updatedOn: today });
      return view(await m.findOneOrFail(FollowUpEntity, { where: { id } }));
    });
  }

  async get(principal: Principal | null, id: string): Promise<FollowUpView> {
    const scope = scopeOf(principal);
    const followUp = await this.dataSource.getRepository(FollowUpEntity).findOneBy({ id });
    // Missing, another partner's or outside the caller's territories: one answer, so that existence is not disclosed.
    const missing = notFoundError('follow-up', id, 'No follow-up you may see has this id');
    if (!followUp) throw missing;
    if (scope.kind === 'partner') {
      if (followUp.organisationId !== scope.organisationId) throw missing;
    } else if (scope.kind === 'territorial') {
      const s = await this.dataSource.getRepository(ScreeningOutcomeEntity).findOneByOrFail({ screeningId: followUp.screeningId });
      if (!reaches(scope, s.comuneCode, this.territories)) throw missing;
    }
    return view(followUp);
  }

  async list(principal: Principal | null, query: SemesterFilter): Promise<FollowUpView[]> {
    const scope = scopeOf(principal);
    const qb = this.dataSource
      .getRepository(FollowUpEntity)
      .createQueryBuilder('f')
      .leftJoinAndSelect('f.applications', 'a')
      .orderBy('f.day', 'DESC')
      .addOrderBy('f.id')
      .take(500);
    if (query.semester) qb.andWhere('f.semester = :semester', { semester: query.semester });
    if (scope.kind === 'partner') qb.andWhere('f.organisation_id = :org', { org: scope.organisationId });
    if (scope.kind === 'territorial') {
      // reaches() in SQL: the comune, province and region recorded with the screening (from the same
      // directory) against the caller's territories, so that the page is filtered before the limit.
      qb.innerJoin(ScreeningOutcomeEntity, 's', 's.screening_id = f.screening_id').andWhere(
        '(s.comune_code = ANY(:t) OR s.province_code = ANY(:t) OR s.region_code = ANY(:t))',
        { t: scope.coverage.include },
      );
    }
    return (await qb.getMany()).map(view);
  }
}
