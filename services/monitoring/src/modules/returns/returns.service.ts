import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  APP_CONFIG,
  assertOrganisation,
  assertTerritory,
  Clock,
  ConflictError,
  ForbiddenError,
  inTransaction,
  NotFoundError,
  UnprocessableError,
  ValidationFailedError,
  type Principal,
} from '@inps/shared';
import {
  allowedActions,
  hasSemesterEnded,
  isReturnEditable,
  isSubmittedOnTime,
  returnDeadline,
  returnTimeliness,
  semesterEnd,
  semesterFirstDay,
  semesterLastDay,
  transitionReturn,
  tryParseSemester,
  validateReturn,
} from '../../domain';
import { reaches, scopeOf } from '../../common/access';
import { ISTAT_CODE, ISTAT_CODE_ISSUE } from '../../common/validators';
import type { MonitoringConfig } from '../../monitoring.config';
import { asHierarchy, TERRITORY_DIRECTORY, type TerritoryDirectory } from '../territories/territory-directory';
import type { ListReturnsQuery, TransitionDto } from './dto/return.dto';
import type { ReturnView, ReturnWithHistoryView } from './dto/return.response';
import { PartnerReturnEntity, ReturnTransitionEntity } from './partner-return.entity';

export interface ReturnKey {
  readonly organisationId: string;
  readonly territory: string;
  readonly semester: string;
}

const ORGANISATION = /^[A-Za-z0-9_.:-]{1,64}$/;

@Injectable()
export class ReturnsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: MonitoringConfig,
    @Inject(TERRITORY_DIRECTORY) private readonly territories: TerritoryDirectory,
  ) {}

  /** Path parameters, each refused by name. */
  parseKey(organisationId: string, territory: string, semester: string): ReturnKey {
    const issues: { field: string; issue: string }[] = [];
    if (!ORGANISATION.test(organisationId)) issues.push({ field: 'organisationId', issue: 'must be an organisation id (letters, digits, . _ : -)' });
    if (!ISTAT_CODE.test(territory)) issues.push({ field: 'territory', issue: ISTAT_CODE_ISSUE });
    const parsed = tryParseSemester(semester);
    if (!parsed.ok) issues.push({ field: 'semester', issue: parsed.error });
    if (issues.length > 0 || !parsed.ok) throw new ValidationFailedError('The request is not valid', issues);
    return { organisationId, territory, semester: parsed.semester.id };
  }

  /** Creates or replaces the draft figures of a return; only the partner, only after the semester, only while it holds it. */
  async saveDraft(principal: Principal | null, key: ReturnKey, body: unknown): Promise<ReturnView> {
    this.assertPartnerOf(principal, key.organisationId);
    const now = this.clock.now();
    if (!hasSemesterEnded(key.semester, now)) {
      throw new UnprocessableError('The semester has not ended yet', [
        { field: 'semester', issue: `a return can be filed from ${semesterEnd(key.semester).toISOString()} (after ${semesterLastDay(key.semester)})` },
      ]);
    }
    const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    if (input.semester !== undefined && input.semester !== key.semester) {
      throw new ValidationFailedError([{ field: 'semester', issue: `must be ${key.semester}, as in the path, or be left out` }]);
    }
    const result = validateReturn(typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...input, semester: key.semester } : body);
    if (!result.ok) throw new ValidationFailedError('The return is not valid', result.issues);

    return inTransaction(this.dataSource, async (m) => {
      await this.assertExpectedReporter(m, key);
      const existing = await this.lock(m, key);
      if (existing && !isReturnEditable(existing.status)) {
        throw new ConflictError(
          'The return is locked',
          [{ field: 'status', issue: `is ${existing.status}: the figures can be changed only while the return is DRAFT or RETURNED` }],
          'RETURN_LOCKED',
        );
      }
      const entity = m.create(PartnerReturnEntity, {
        organisationId: key.organisationId,
        territoryCode: key.territory,
        semester: key.semester,
        datasetVersion: result.value.datasetVersion,
        values: result.value.values as Record<string, unknown>,
        status: existing?.status ?? 'DRAFT',
        firstSubmittedAt: existing?.firstSubmittedAt ?? null,
        onTime: existing?.onTime ?? null,
        updatedAt: now,
      });
      return this.view(await m.save(entity), principal);
    });
  }

  async transition(principal: Principal | null, key: ReturnKey, dto: TransitionDto): Promise<ReturnView> {
    const actor = this.assertCanSee(principal, key);
    return inTransaction(this.dataSource, async (m) => {
      const current = await this.lock(m, key);
      if (!current)
        throw new NotFoundError('There is no return for this organisation, territory and semester', [{ field: 'semester', issue: 'no return filed' }]);
      const outcome = transitionReturn(current.status, dto.action, { roles: actor.roles }, dto.comment);
      if (!outcome.ok) {
        if (outcome.code === 'FORBIDDEN') throw new ForbiddenError(outcome.message);
        if (outcome.code === 'COMMENT_REQUIRED') throw new ValidationFailedError([{ field: 'comment', issue: outcome.message }]);
        throw new ConflictError(outcome.message, [{ field: 'action', issue: outcome.message }], 'TRANSITION_NOT_ALLOWED');
      }
      const now = this.clock.now();
      current.status = outcome.to;
      current.updatedAt = now;
      if (dto.action === 'submit' && current.firstSubmittedAt === null) {
        current.firstSubmittedAt = now;
        current.onTime = isSubmittedOnTime(key.semester, now, this.config.RETURN_GRACE_DAYS);
      }
      await m.save(current);
      await m.insert(ReturnTransitionEntity, {
        organisationId: key.organisationId,
        territoryCode: key.territory,
        semester: key.semester,
        action: dto.action,
        fromStatus: outcome.from,
        toStatus: outcome.to,
        actorSubject: actor.subject,
        actorRoles: [...actor.roles],
        comment: outcome.comment,
        audited: outcome.audit,
        at: now,
      });
      return this.view(current, principal);
    });
  }

  async get(principal: Principal | null, key: ReturnKey): Promise<ReturnWithHistoryView> {
    this.assertCanSee(principal, key);
    const where = { organisationId: key.organisationId, territoryCode: key.territory, semester: key.semester };
    const found = await this.dataSource.getRepository(PartnerReturnEntity).findOneBy(where);
    if (!found) throw new NotFoundError('There is no return for this organisation, territory and semester', [{ field: 'semester', issue: 'no return filed' }]);
    const history = await this.dataSource.getRepository(ReturnTransitionEntity).find({ where, order: { id: 'ASC' } });
    return {
      ...this.view(found, principal),
      history: history.map((h) => ({ action: h.action, from: h.fromStatus, to: h.toStatus, comment: h.comment, audited: h.audited, at: h.at.toISOString() })),
    };
  }

  async list(principal: Principal | null, query: ListReturnsQuery): Promise<ReturnView[]> {
    const scope = scopeOf(principal);
    const qb = this.dataSource
      .getRepository(PartnerReturnEntity)
      .createQueryBuilder('r')
      .orderBy('r.semester', 'DESC')
      .addOrderBy('r.organisation_id')
      .addOrderBy('r.territory_code')
      .take(1000);
    if (query.semester) qb.andWhere('r.semester = :semester', { semester: query.semester });
    if (query.organisationId) qb.andWhere('r.organisation_id = :org', { org: query.organisationId });
    if (scope.kind === 'partner') qb.andWhere('r.organisation_id = :own', { own: scope.organisationId });
    const rows = await qb.getMany();
    const visible = scope.kind === 'territorial' ? rows.filter((r) => reaches(scope, r.territoryCode, this.territories)) : rows;
    return visible.map((r) => this.view(r, principal));
  }

  /**
   * What `list` answers for each of the organisations, with one query: the same filters, the same
   * 1000-return cap and order per organisation, and the territorial filter after the cap.
   */
  async listForOrganisations(
    principal: Principal | null,
    organisationIds: readonly string[],
    semester: string | undefined,
  ): Promise<Map<string, ReturnView[]>> {
    const scope = scopeOf(principal);
    if (organisationIds.length === 0) return new Map();
    const byOrganisation = new Map<string, PartnerReturnEntity[]>(organisationIds.map((id) => [id, []]));
    const qb = this.dataSource
      .getRepository(PartnerReturnEntity)
      .createQueryBuilder('r')
      .where('r.organisation_id IN (:...orgs)', { orgs: [...new Set(organisationIds)] })
      .orderBy('r.organisation_id')
      .addOrderBy('r.semester', 'DESC')
      .addOrderBy('r.territory_code');
    if (semester) qb.andWhere('r.semester = :semester', { semester });
    if (scope.kind === 'partner') qb.andWhere('r.organisation_id = :own', { own: scope.organisationId });
    for (const r of await qb.getMany()) {
      const rows = byOrganisation.get(r.organisationId);
      if (rows && rows.length < 1000) rows.push(r);
    }
    const views = new Map<string, ReturnView[]>();
    for (const [id, rows] of byOrganisation) {
      const visible = scope.kind === 'territorial' ? rows.filter((r) => reaches(scope, r.territoryCode, this.territories)) : rows;
      views.set(
        id,
        visible.map((r) => this.view(r, principal)),
      );
    }
    return views;
  }

  private view(r: PartnerReturnEntity, principal: Principal | null): ReturnView {
    return {
      organisationId: r.organisationId,
      territory: r.territoryCode,
      semester: r.semester,
      datasetVersion: r.datasetVersion,
      values: r.values,
      status: r.status,
      dueDate: returnDeadline(r.semester, this.config.RETURN_GRACE_DAYS).dueDate,
      firstSubmittedAt: r.firstSubmittedAt ? r.firstSubmittedAt.toISOString() : null,
      onTime: r.onTime,
      timeliness: returnTimeliness(r.semester, r.firstSubmittedAt, this.clock.now(), this.config.RETURN_GRACE_DAYS),
      allowedActions: allowedActions(r.status, principal?.roles ?? []),
    };
  }

  private lock(m: EntityManager, key: ReturnKey): Promise<PartnerReturnEntity | null> {
    return m.findOne(PartnerReturnEntity, {
      where: { organisationId: key.organisationId, territoryCode: key.territory, semester: key.semester },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Only the organisation's own partner_admin or partner app files the figures. */
  private assertPartnerOf(principal: Principal | null, organisationId: string): void {
    if (!principal?.roles.some((r) => r === 'partner_admin' || r === 'partner_app')) {
      throw new ForbiddenError("Only the organisation's partner administrator or app files its returns");
    }
    // No national role files for an organisation: only its own partner does.
    assertOrganisation(principal, organisationId, { nationalRoles: [] });
  }

  /** Partners see their own returns, territorial users those of their territories, central all. */
  private assertCanSee(principal: Principal | null, key: ReturnKey): Principal {
    const scope = scopeOf(principal);
    if (scope.kind === 'partner') assertOrganisation(principal, key.organisationId);
    if (scope.kind === 'territorial') assertTerritory(principal, key.territory, asHierarchy(this.territories));
    return principal as Principal;
  }

  /** A return is due only from an organisation whose agreement covered the territory during the semester. */
  private async assertExpectedReporter(m: EntityManager, key: ReturnKey): Promise<void> {
    const rows = (await m.query(
      `SELECT 1 FROM expected_reporter WHERE organisation_id = $1 AND territory_code = $2
         AND active_from <= $4 AND (active_to IS NULL OR active_to >= $3) LIMIT 1`,
      [key.organisationId, key.territory, semesterFirstDay(key.semester), semesterLastDay(key.semester)],
    )) as unknown[];
    if (rows.length === 0) {
      throw new UnprocessableError('No return is expected here', [
        { field: 'territory', issue: `no active agreement of ${key.organisationId} covered ${key.territory} in ${key.semester}` },
      ]);
    }
  }
}
