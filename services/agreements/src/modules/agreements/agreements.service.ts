import { daysBetween, romeDate } from '@inps/kernel';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  AGREEMENT_ACTIVATED,
  AGREEMENT_EXPIRED,
  AGREEMENT_REVIEWED,
  AGREEMENT_TERMINATED,
  Clock,
  ConflictError,
  type ErrorDetail,
  ForbiddenError,
  inTransaction,
  Jobs,
  OutboxService,
  ValidationFailedError,
  type AgreementEventPayload,
  type AgreementEventType,
  type AgreementReviewedPayload,
  type Principal,
} from '@inps/shared';
import { notFound, roleRefused } from '../../common/access';
import { actorOf } from '../../common/actor';
import { DAILY_JOB } from '../scheduler/agreement-jobs';
import { staleVersion, toAppError } from '../../common/domain-errors';
import { pageOf } from '../../common/pagination.dto';
import {
  agreementWorkflow,
  computeValidity,
  draftEditorRoles,
  EDITABLE_STATES,
  hasAnyRole,
  hasCompetenceForAll,
  renewValidity,
  type Actor,
  type AgreementAction,
  type AgreementKind,
  type AgreementState,
  type Term,
  type AgreementWorkflow,
  type Validity,
  type WorkflowAgreement,
} from '../../domain';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import { AgreementEntity, AgreementTransitionEntity, type AgreementParty } from './agreement.entity';
import type { AgreementQueryDto, CreateAgreementDto, EditAgreementDto, RenewAgreementDto, SignatureDto } from './dto/agreement.dto';
import type { Agreement, AgreementHistory, AgreementList, AgreementPage } from './dto/agreement.view';

/** Events other services react to (monitoring counts agreements in force per territory). */
const EVENT_FOR_STATE: Partial<Record<AgreementState, AgreementEventType>> = {
  ACTIVE: AGREEMENT_ACTIVATED,
  EXPIRED: AGREEMENT_EXPIRED,
  TERMINATED: AGREEMENT_TERMINATED,
};

export interface TransitionInput {
  readonly action: AgreementAction;
  readonly comment?: string;
  readonly version: number;
  readonly signatures?: readonly SignatureDto[];
}

/** The part of a draft that `checkDraft` checks, as created or as it would be after an edit. */
interface DraftText {
  readonly kind: AgreementKind;
  readonly parentId?: string | null;
  readonly scope: readonly string[];
  readonly parties: readonly { readonly organisationId?: string | null; readonly inpsUnitId?: string | null }[];
  readonly effectiveFrom?: string | null;
  readonly term?: Term | null;
  readonly validTo?: string | null;
}

/** The review decisions, reported to monitoring with the time the review took. */
const REVIEW_DECISIONS: Partial<Record<AgreementAction, AgreementReviewedPayload['decision']>> = {
  approve: 'APPROVED',
  request_changes: 'CHANGES_REQUESTED',
  reject: 'REJECTED',
};

/** Domain field names that the API spells differently. */
const API_FIELDS: Record<string, string> = {
  reason: 'comment',
  signedOn: 'signatures',
  signatureDates: 'signatures',
  frameworkId: 'parentId',
  parent: 'parentId',
};

@Injectable()
export class AgreementsService {
  private readonly workflow: AgreementWorkflow;
  private readonly logger = new Logger(AgreementsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
    private readonly jobs: Jobs,
  ) {
    this.workflow = agreementWorkflow(reference.territories);
  }

  async create(dto: CreateAgreementDto, principal: Principal, link: { amendsId?: string; renewsId?: string } = {}): Promise<Agreement> {
    const actor = actorOf(principal);
    await this.checkDraft(dto, actor);

    const parties: AgreementParty[] = dto.parties.map((p) => ({ ...p, signedOn: null }));
    const saved = await this.dataSource.getRepository(AgreementEntity).save({
      code: dto.code,
      kind: dto.kind,
      title: dto.title,
      legalBasis: dto.legalBasis ?? null,
      parentId: dto.parentId ?? null,
      amendsId: link.amendsId ?? null,
      renewsId: link.renewsId ?? null,
      maxRenewals: dto.maxRenewals ?? 0,
      parties,
      organisationIds: [...new Set(parties.flatMap((p) => (p.organisationId ? [p.organisationId] : [])))],
      scope: [...new Set(dto.scope)],
      effectiveFrom: dto.effectiveFrom ?? null,
      term: dto.term ? { ...dto.term } : null,
      textValidTo: dto.validTo ?? null,
      itChanges: dto.flags.itChanges,
      dataExchange: dto.flags.dataExchange,
      costs: dto.flags.costs,
      status: 'DRAFT',
      revision: 1,
      version: 1,
      createdBy: actor.id,
    });
    return this.get(saved.id, principal);
  }

  /**
   * What a draft must satisfy when it is created and after each edit: the caller's competence for
   * its kind and scope, parties that exist, a term or an end day but not both, a start the text
   * sets no later than the end it sets, and a parent of the right kind.
   */
  private async checkDraft(draft: DraftText, actor: Actor): Promise<void> {
    const today = romeDate(this.clock.now());
    const isCentral = actor.roles.includes('central');
    if (!isCentral && draft.kind === 'FRAMEWORK')
      throw roleRefused(
        'Only the central directorate records framework agreements',
        ['central'],
        [{ field: 'kind', issue: 'FRAMEWORK needs the central role' }],
      );
    this.reference.assertTerritoriesValid(draft.scope, today, 'scope');
    if (!isCentral && !hasCompetenceForAll(actor, draft.scope, this.reference.territories)) {
      throw new ForbiddenError('The scope is outside your territories', [{ field: 'scope', issue: 'not covered by your territories' }]);
    }
    const problems: ErrorDetail[] = [];
    draft.parties.forEach((p, i) => {
      if ((p.organisationId == null) === (p.inpsUnitId == null))
        problems.push({ field: `parties.${i}`, issue: 'give exactly one of organisationId and inpsUnitId' });
      else if (p.organisationId != null && !this.reference.organisation(p.organisationId))
        problems.push({ field: `parties.${i}.organisationId`, issue: 'unknown organisation' });
      else if (p.inpsUnitId != null && !this.reference.inpsUnits.some((u) => u.id === p.inpsUnitId))
        problems.push({ field: `parties.${i}.inpsUnitId`, issue: 'unknown INPS unit' });
    });
    if (draft.term && draft.validTo) problems.push({ field: 'term', issue: 'give either a term or validTo, not both' });
    // Caught here rather than at signing, when the text can no longer be corrected without a new draft.
    if (draft.effectiveFrom && draft.validTo && draft.validTo < draft.effectiveFrom)
      problems.push({ field: 'validTo', issue: `ends (${draft.validTo}) before the start the text sets (effectiveFrom ${draft.effectiveFrom})` });
    if (problems.length > 0) throw new ValidationFailedError(problems);
    await this.checkParent(draft.kind, draft.parentId ?? undefined);
  }

  /**
   * Edits a draft before it is submitted or after changes were requested, with the checks of a
   * creation, under the same version check as a transition; the history records the edit.
   */
  async edit(id: string, dto: EditAgreementDto, principal: Principal): Promise<Agreement> {
    const actor = actorOf(principal);
    const now = this.clock.now();
    const entity = await inTransaction(this.dataSource, async (m) => {
      const repo = m.getRepository(AgreementEntity);
      const current = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw notFound('agreement', id);
      this.assertVisible(current, actor);
      const editors = draftEditorRoles(current.kind);
      if (!hasAnyRole(actor, editors)) throw roleRefused(`Only ${editors.join(', ')} staff edit this draft`, editors);
      if (!actor.roles.includes('central') && !hasCompetenceForAll(actor, current.scope, this.reference.territories))
        throw new ForbiddenError('The scope is outside your territories', [{ field: 'scope', issue: 'not covered by your territories' }]);
      if (current.version !== dto.version) throw staleVersion('agreement', current.version);
      if (!EDITABLE_STATES.includes(current.status)) {
        const allowed = this.workflow.allowedActions(this.toWorkflow(current), actor, now);
        throw new ConflictError(
          `A ${current.status} agreement cannot be edited`,
          [
            { field: 'status', issue: `only ${EDITABLE_STATES.join(' and ')} agreements are edited` },
            { field: 'allowedActions', issue: allowed.join(',') },
          ],
          'TRANSITION_NOT_ALLOWED',
        );
      }
      const pick = <K extends keyof EditAgreementDto, V>(key: K, kept: V): V | Exclude<EditAgreementDto[K], undefined> =>
        dto[key] === undefined ? kept : (dto[key] as Exclude<EditAgreementDto[K], undefined>);
      const newParties: readonly Omit<AgreementParty, 'signedOn'>[] = dto.parties ?? current.parties;
      const draft: DraftText = {
        kind: current.kind,
        parentId: current.parentId,
        scope: pick('scope', current.scope),
        parties: newParties,
        effectiveFrom: pick('effectiveFrom', current.effectiveFrom),
        term: pick('term', current.term),
        validTo: pick('validTo', current.textValidTo),
      };
      await this.checkDraft(draft, actor);
      const parties: AgreementParty[] = newParties.map((p) => ({ ...p, signedOn: null }));
      const flags = dto.flags ?? { itChanges: current.itChanges, dataExchange: current.dataExchange, costs: current.costs };
      const changes = {
        code: pick('code', current.code),
        title: pick('title', current.title),
        legalBasis: pick('legalBasis', current.legalBasis),
        maxRenewals: pick('maxRenewals', current.maxRenewals),
        parties,
        organisationIds: [...new Set(parties.flatMap((p) => (p.organisationId ? [p.organisationId] : [])))],
        scope: [...new Set(draft.scope)],
        effectiveFrom: draft.effectiveFrom ?? null,
        term: draft.term ? { ...draft.term } : null,
        textValidTo: draft.validTo ?? null,
        itChanges: flags.itChanges,
        dataExchange: flags.dataExchange,
        costs: flags.costs,
        version: current.version + 1,
        updatedAt: now,
      };
      const { affected } = await repo.update({ id, version: current.version }, changes);
      if (affected !== 1) throw staleVersion('agreement', current.version + 1);
      await m.getRepository(AgreementTransitionEntity).insert({
        agreementId: id,
        action: 'edit',
        from: current.status,
        to: current.status,
        actor: actor.id,
        at: now,
        comment: dto.comment?.trim() ? dto.comment.trim() : null,
      });
      return { ...current, ...changes };
    });
    return this.view(entity, actor);
  }

  /**
   * An amendment is a new draft linked to the signed or active agreement it changes; it is reviewed
   * again only if it changes the DG flags or the scope (the domain decides on submit).
   */
  async amend(id: string, dto: CreateAgreementDto, principal: Principal): Promise<Agreement> {
    const original = await this.dataSource.getRepository(AgreementEntity).findOneBy({ id });
    if (!original) throw notFound('agreement', id);
    this.assertVisible(original, actorOf(principal));
    if (original.status !== 'SIGNED' && original.status !== 'ACTIVE') {
      throw new ConflictError(
        `A ${original.status} agreement cannot be amended`,
        [{ field: 'id', issue: 'only SIGNED or ACTIVE agreements are amended' }],
        'TRANSITION_NOT_ALLOWED',
      );
    }
    const problems: ErrorDetail[] = [];
    if (dto.kind !== original.kind) problems.push({ field: 'kind', issue: `must stay ${original.kind}` });
    if ((dto.parentId ?? null) !== original.parentId) problems.push({ field: 'parentId', issue: 'must stay the same as the original' });
    if (problems.length > 0) throw new ValidationFailedError(problems);
    return this.create(dto, principal, { amendsId: original.id });
  }

  /**
   * A renewal is a new draft for the term after the current one ends, with the same parties and
   * scope, linked to the original; it goes through the same workflow and is signed again. The
   * number of renewals the text allows is counted along the chain (refused or withdrawn ones do
   * not count).
   */
  async renew(id: string, dto: RenewAgreementDto, principal: Principal): Promise<Agreement> {
    const repo = this.dataSource.getRepository(AgreementEntity);
    const current = await repo.findOneBy({ id });
    if (!current) throw notFound('agreement', id);
    this.assertVisible(current, actorOf(principal));
    if ((current.status !== 'SIGNED' && current.status !== 'ACTIVE') || !current.validFrom || !current.validTo) {
      throw new ConflictError(
        `A ${current.status} agreement cannot be renewed`,
        [{ field: 'id', issue: 'only SIGNED or ACTIVE agreements are renewed' }],
        'TRANSITION_NOT_ALLOWED',
      );
    }
    // Walk back to the first agreement of the chain: it carries the number of renewals allowed.
    let first = current;
    while (first.renewsId) first = await repo.findOneByOrFail({ id: first.renewsId });
    const [{ used }] = await this.dataSource.query(
      `WITH RECURSIVE chain AS (SELECT id, status FROM agreement WHERE renews_id = $1
         UNION ALL SELECT a.id, a.status FROM agreement a JOIN chain c ON a.renews_id = c.id)
       SELECT count(*)::int AS used FROM chain WHERE status NOT IN ('REJECTED', 'WITHDRAWN')`,
      [first.id],
    );
    const term = dto.term ? { ...dto.term } : (current.term ?? null);
    if (!term) throw new ValidationFailedError([{ field: 'term', issue: 'the original has no term: give the renewal term' }]);
    const renewal = renewValidity({ current: { from: current.validFrom, to: current.validTo }, term, renewalsUsed: used, maxRenewals: first.maxRenewals });
    if (!renewal.ok) throw toAppError(renewal.error, API_FIELDS);
    return this.create(
      {
        code: dto.code,
        kind: current.kind,
        title: current.title,
        legalBasis: current.legalBasis ?? undefined,
        parentId: current.parentId ?? undefined,
        parties: current.parties.map((p) => ({ organisationId: p.organisationId, inpsUnitId: p.inpsUnitId, role: p.role, commitments: [...p.commitments] })),
        scope: current.scope,
        effectiveFrom: renewal.value.from,
        validTo: renewal.value.to,
        maxRenewals: first.maxRenewals,
        flags: { itChanges: current.itChanges, dataExchange: current.dataExchange, costs: current.costs },
      },
      principal,
      { renewsId: current.id },
    );
  }

  async amendments(id: string, principal: Principal): Promise<AgreementList> {
    const actor = actorOf(principal);
    const original = await this.dataSource.getRepository(AgreementEntity).findOneBy({ id });
    if (!original) throw notFound('agreement', id);
    this.assertVisible(original, actor);
    const rows = await this.dataSource.getRepository(AgreementEntity).find({ where: { amendsId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return { items: rows.filter((a) => this.workflow.canView(this.toWorkflow(a), actor)).map((a) => this.view(a, actor)) };
  }

  private async checkParent(kind: string, parentId: string | undefined): Promise<void> {
    if (kind === 'FRAMEWORK' && parentId) throw new ValidationFailedError([{ field: 'parentId', issue: 'a framework agreement has no parent' }]);
    if (kind === 'TERRITORIAL' && !parentId)
      throw new ValidationFailedError([{ field: 'parentId', issue: 'a territorial agreement refers to a framework agreement' }]);
    if (!parentId) return;
    const parent = await this.dataSource.getRepository(AgreementEntity).findOneBy({ id: parentId });
    if (!parent) throw new ValidationFailedError([{ field: 'parentId', issue: 'no such agreement' }]);
    const allowed = kind === 'TERRITORIAL' ? ['FRAMEWORK'] : ['FRAMEWORK', 'TERRITORIAL'];
    if (!allowed.includes(parent.kind)) throw new ValidationFailedError([{ field: 'parentId', issue: `must be a ${allowed.join(' or ')} agreement` }]);
  }

  async get(id: string, principal: Principal): Promise<Agreement> {
    const actor = actorOf(principal);
    const entity = await this.dataSource.getRepository(AgreementEntity).findOneBy({ id });
    if (!entity) throw notFound('agreement', id);
    this.assertVisible(entity, actor);
    return this.view(entity, actor);
  }

  async list(query: AgreementQueryDto, principal: Principal): Promise<AgreementPage> {
    const actor = actorOf(principal);
    const qb = this.dataSource.getRepository(AgreementEntity).createQueryBuilder('a');
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('a.kind = :kind', { kind: query.kind });
    if (query.organisation) qb.andWhere(':org = ANY(a.organisation_ids)', { org: query.organisation });
    if (query.expiringBefore) qb.andWhere('a.valid_to <= :before', { before: query.expiringBefore });
    const sort = query.sort ?? '-createdAt';
    const column = { code: 'a.code', createdAt: 'a.created_at', validTo: 'a.valid_to' }[sort.replace('-', '') as 'code' | 'createdAt' | 'validTo'];
    qb.orderBy(column, sort.startsWith('-') ? 'DESC' : 'ASC', 'NULLS LAST').addOrderBy('a.id', 'ASC');
    // Visibility and the territory filter depend on the territory hierarchy, which lives in memory, so they are applied here.
    const inTerritory = query.territory ? this.appliesTo(query.territory) : () => true;
    const visible = (await qb.getMany()).filter((a) => inTerritory(a) && this.workflow.canView(this.toWorkflow(a), actor));
    const page = pageOf(visible, query);
    return { ...page, items: page.items.map((a) => this.view(a, actor)) };
  }

  /**
   * Whether an agreement applies to a territory: its scope names the territory, something within
   * it (a region's provinces and comuni: what a regional user looks for) or something containing it
   * (its province, region, or IT for the national ones).
   */
  private appliesTo(territory: string): (a: AgreementEntity) => boolean {
    const containing = new Set(this.reference.lineage(territory));
    return (a) => a.scope.some((code) => containing.has(code) || this.reference.lineage(code).includes(territory));
  }

  async history(id: string, principal: Principal): Promise<AgreementHistory> {
    const actor = actorOf(principal);
    const entity = await this.dataSource.getRepository(AgreementEntity).findOneBy({ id });
    if (!entity) throw notFound('agreement', id);
    this.assertVisible(entity, actor);
    const rows = await this.dataSource.getRepository(AgreementTransitionEntity).find({ where: { agreementId: id }, order: { id: 'ASC' } });
    return { items: rows.map((r) => ({ action: r.action, from: r.from, to: r.to, by: r.actor, at: r.at.toISOString(), comment: r.comment })) };
  }

  async transition(id: string, input: TransitionInput, principal: Principal): Promise<Agreement> {
    const result = await this.applyTransition(id, input, actorOf(principal));
    if (input.action === 'sign') await this.activateSoon(id, result);
    return result;
  }

  /**
   * An agreement signed with a validity already begun need not wait for tonight's run: ask the
   * worker for a run now. Only a shortcut: if the queue is down, the nightly run still activates it.
   */
  private async activateSoon(id: string, signed: { validity?: { from?: string | null } | null; version: number }): Promise<void> {
    const from = signed.validity?.from;
    if (!from || from > romeDate(this.clock.now())) return;
    try {
      await this.jobs.add(DAILY_JOB, {}, { jobId: `signed-${id}-${signed.version}` });
    } catch (error) {
      this.logger.warn({ err: error, agreementId: id }, 'could not ask for an early activation run; the nightly run will activate it');
    }
  }

  /** Also used by the scheduler with the system actor. */
  async applyTransition(id: string, input: TransitionInput, actor: Actor): Promise<Agreement> {
    const now = this.clock.now();
    const entity = await inTransaction(this.dataSource, async (m) => {
      const current = await m.getRepository(AgreementEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw notFound('agreement', id);
      this.assertVisible(current, actor);
      if (current.version !== input.version) {
        throw staleVersion('agreement', current.version);
      }
      const sign = input.action === 'sign' ? await this.signature(m, current, input.signatures ?? []) : null;
      const base = current.amendsId ? await m.getRepository(AgreementEntity).findOneBy({ id: current.amendsId }) : null;
      const result = this.workflow.transition(
        this.toWorkflow(current, base),
        { action: input.action, reason: input.comment, signedOn: sign?.signedOn, validity: sign?.validity },
        actor,
        now,
      );
      if (!result.ok) throw toAppError(result.error, API_FIELDS);
      const next = result.value.agreement;
      const updated: AgreementEntity = {
        ...current,
        status: next.state,
        revision: next.version,
        parties: sign?.parties ?? current.parties,
        signedOn: next.signedOn ?? null,
        validFrom: next.validity?.from ?? null,
        validTo: next.validity?.to ?? null,
        terminatedOn: next.terminatedOn ?? null,
        version: current.version + 1,
        updatedAt: now,
      };
      const { affected } = await m.getRepository(AgreementEntity).update(
        { id, version: current.version },
        {
          status: updated.status,
          revision: updated.revision,
          parties: updated.parties,
          signedOn: updated.signedOn,
          validFrom: updated.validFrom,
          validTo: updated.validTo,
          terminatedOn: updated.terminatedOn,
          version: updated.version,
          updatedAt: now,
        },
      );
      if (affected !== 1) throw new ConflictError('The agreement was changed meanwhile; reload it', [{ field: 'version', issue: 'stale' }], 'STALE_VERSION');
      await m.getRepository(AgreementTransitionEntity).insert({
        agreementId: id,
        action: input.action,
        from: current.status,
        to: updated.status,
        actor: actor.id,
        at: now,
        comment: result.value.record.reason,
      });
      const eventType = EVENT_FOR_STATE[updated.status];
      if (eventType) await this.outbox.enqueue(m, eventType, this.eventPayload(updated, romeDate(now)), id);
      const decision = REVIEW_DECISIONS[input.action];
      if (decision) await this.outbox.enqueue(m, AGREEMENT_REVIEWED, await this.reviewPayload(m, updated, decision, romeDate(now)), id);
      return updated;
    });
    return this.view(entity, actor);
  }

  /** Merges the signing days into the parties and computes the validity the text gives. */
  private async signature(m: EntityManager, a: AgreementEntity, signatures: readonly SignatureDto[]) {
    const parties = a.parties.map((p) => ({ ...p }));
    const problems: ErrorDetail[] = [];
    signatures.forEach((s, i) => {
      if (s.party >= parties.length) problems.push({ field: `signatures.${i}.party`, issue: `there are ${parties.length} parties` });
      else parties[s.party] = { ...parties[s.party], signedOn: s.signedOn };
    });
    parties.forEach((p, i) => {
      if (!p.signedOn) problems.push({ field: 'signatures', issue: `party ${i} has not signed` });
    });
    if (problems.length > 0) throw new ValidationFailedError(problems);
    let parent: Validity | null = null;
    if (a.parentId) {
      const p = await m.getRepository(AgreementEntity).findOneBy({ id: a.parentId });
      if (!p?.validFrom || !p.validTo) throw new ConflictError('The parent agreement is not signed yet', [{ field: 'parentId', issue: 'not signed' }]);
      parent = { from: p.validFrom, to: p.validTo };
    }
    const dates = parties.map((p) => p.signedOn as string);
    const validity = computeValidity({ kind: a.kind, signatureDates: dates, effectiveFrom: a.effectiveFrom, term: a.term, validTo: a.textValidTo, parent });
    if (!validity.ok) throw toAppError(validity.error, API_FIELDS);
    return { parties, signedOn: [...dates].sort().at(-1) as string, validity: validity.value };
  }

  /**
   * The review counted from the last submission (a resubmission after changes starts a new review
   * of the revised text), in Rome days. Every decision follows a submission in the workflow; the
   * day of the decision stands in should the history lack one.
   */
  private async reviewPayload(
    m: EntityManager,
    a: AgreementEntity,
    decision: AgreementReviewedPayload['decision'],
    day: string,
  ): Promise<AgreementReviewedPayload> {
    const submission = await m
      .getRepository(AgreementTransitionEntity)
      .findOne({ where: { agreementId: a.id, action: In(['submit', 'resubmit']) }, order: { id: 'DESC' } });
    const submittedOn = submission ? romeDate(submission.at) : day;
    return {
      agreementId: a.id,
      kind: a.kind,
      territories: a.scope,
      organisations: a.organisationIds,
      decision,
      submittedOn,
      day,
      reviewDays: daysBetween(submittedOn, day),
    };
  }

  private eventPayload(a: AgreementEntity, day: string): AgreementEventPayload {
    return {
      agreementId: a.id,
      code: a.code,
      kind: a.kind,
      organisations: a.organisationIds,
      territories: a.scope,
      validFrom: a.validFrom,
      validTo: a.validTo,
      day: a.status === 'TERMINATED' && a.terminatedOn ? a.terminatedOn : day,
    };
  }

  private assertVisible(a: AgreementEntity, actor: Actor): void {
    if (!this.workflow.canView(this.toWorkflow(a), actor)) throw notFound('agreement', a.id);
  }

  toWorkflow(a: AgreementEntity, amended: AgreementEntity | null = null): WorkflowAgreement {
    return {
      id: a.id,
      kind: a.kind,
      state: a.status,
      version: a.revision,
      scope: a.scope,
      flags: { itChanges: a.itChanges, dataExchange: a.dataExchange, costs: a.costs },
      amends: amended
        ? {
            id: amended.id,
            state: amended.status,
            flags: { itChanges: amended.itChanges, dataExchange: amended.dataExchange, costs: amended.costs },
            scope: amended.scope,
          }
        : null,
      signedOn: a.signedOn,
      validity: a.validFrom && a.validTo ? { from: a.validFrom, to: a.validTo } : null,
      terminatedOn: a.terminatedOn,
      partyOrganisationIds: a.organisationIds,
    };
  }

  view(a: AgreementEntity, actor: Actor): Agreement {
    return {
      id: a.id,
      code: a.code,
      kind: a.kind,
      title: a.title,
      legalBasis: a.legalBasis,
      parentId: a.parentId,
      amendsId: a.amendsId,
      renewsId: a.renewsId,
      maxRenewals: a.maxRenewals,
      parties: a.parties,
      scope: a.scope,
      text: { effectiveFrom: a.effectiveFrom, term: a.term, validTo: a.textValidTo },
      flags: { itChanges: a.itChanges, dataExchange: a.dataExchange, costs: a.costs },
      status: a.status,
      revision: a.revision,
      signedOn: a.signedOn,
      validity: a.validFrom && a.validTo ? { from: a.validFrom, to: a.validTo } : null,
      terminatedOn: a.terminatedOn,
      version: a.version,
      allowedActions: this.workflow.allowedActions(this.toWorkflow(a), actor, this.clock.now()),
      createdBy: a.createdBy,
      createdAt: a.createdAt instanceof Date ? a.createdAt.toISOString() : a.createdAt,
    };
  }
}
