import { DEFAULT_LANGUAGE, LANGUAGES, PARTNER_ROLES, addDays, inOrganisation, isLanguage, isNational, romeDate, type Language, type Role } from '@inps/kernel';
import { Injectable } from '@nestjs/common';
import {
  Clock,
  ConflictError,
  ForbiddenError,
  GoneError,
  Metrics,
  NotFoundError,
  notFoundError,
  OutboxService,
  roleRefusedError,
  SCREENING_COMPLETED,
  ValidationFailedError,
  type Principal,
} from '@inps/shared';
import { DataSource, type EntityManager } from 'typeorm';
import {
  contradictedFacts,
  evaluate,
  nextQuestion,
  replayAnswers,
  validateAnswer,
  validateFacts,
  type Answer,
  type CompiledRuleSet,
  type EvaluationResult,
  type Facts,
  type PresentedQuestion,
  summarise,
  type TranslationSummary,
} from '../../domain';
import { ResumeCodeKey, ScreeningLifetimes } from '../../questionnaire.config';
import { FindOutGuidance, type GuidedEvaluation } from '../find-out/find-out.service';
import { RuleSetService } from '../rulesets/ruleset.service';
import type { WhereToGoOutcome } from '../where-to-go/dto/where-to-go.outputs';
import { WhereToGoService } from '../where-to-go/where-to-go.service';
import { SCREENING_PAGE_SIZE, type EvaluateInput, type ScreeningListArgs, type StartScreeningInput } from './dto/screening.inputs';
import type { Screening, ScreeningPage } from './dto/screening.outputs';
import { requestLanguage } from './request-language';
// Called through the module object, so that a test can make a draw collide (screenings.spec.ts).
import * as resumeCodes from './resume-code';
import { ResumeCodeLookupLimit } from './internal-access';
import { normaliseResumeCode, resumeCodeDigest } from './resume-code';
import { screeningCompletedPayload } from './screening-event';
import { ScreeningEntity, type ScreeningChannel, type ScreeningMode, type ScreeningStatus } from './screening.entity';

/** Question id → fact, built once per (immutable) rule set instead of on every response. */
const questionFacts = new WeakMap<CompiledRuleSet, ReadonlyMap<string, string>>();
function factsByQuestion(rs: CompiledRuleSet): ReadonlyMap<string, string> {
  let map = questionFacts.get(rs);
  if (!map) {
    map = new Map(rs.definition.questions.map((q) => [q.id, q.fact]));
    questionFacts.set(rs, map);
  }
  return map;
}

/** Roles that may run a screening on someone's behalf (a partner's staff and apps); the screening keeps only their organisation. */
const OPERATOR_ROLES: readonly Role[] = PARTNER_ROLES;
/** Roles that may read any operator-mode screening (programme oversight), never change one. */
const OVERSIGHT_ROLES: readonly Role[] = ['central'];
/** No role, not even a national one, changes another organisation's screenings. */
const NO_ROLES: readonly Role[] = [];

function isOperator(principal: Principal): boolean {
  return principal.roles.some((r) => OPERATOR_ROLES.includes(r));
}

/**
 * The last state this process wrote for screenings in progress. It saves the read before an answer
 * (one statement per answer instead of two); it is never trusted: the UPDATE is guarded by the
 * version, so a state changed elsewhere (another replica, the idle-closing job) fails the write and
 * is read again from the database.
 */
class RecentScreenings {
  private readonly entries = new Map<string, ScreeningEntity>();
  constructor(private readonly capacity: number) {}

  get(id: string): ScreeningEntity | undefined {
    const hit = this.entries.get(id);
    return hit ? Object.assign(new ScreeningEntity(), hit) : undefined;
  }

  set(s: ScreeningEntity): void {
    this.entries.delete(s.id);
    this.entries.set(s.id, Object.assign(new ScreeningEntity(), s));
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }
}

@Injectable()
export class ScreeningService {
  private readonly recent = new RecentScreenings(10_000);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly lifetimes: ScreeningLifetimes,
    private readonly resumeCodeKey: ResumeCodeKey,
    private readonly lookupLimit: ResumeCodeLookupLimit,
    private readonly findOut: FindOutGuidance,
    private readonly whereToGo: WhereToGoService,
    private readonly metrics: Metrics,
  ) {}

  /** Verdicts for facts a partner app already knows; nothing is stored. */
  async evaluate(input: EvaluateInput, acceptLanguage?: string): Promise<GuidedEvaluation> {
    const language = requestLanguage(input.language, acceptLanguage) ?? DEFAULT_LANGUAGE;
    const { ruleSet } = await this.ruleSets.resolve(input);
    const checked = validateFacts(ruleSet, input.facts, 'facts');
    if (!checked.ok) throw new ValidationFailedError('Some facts are not valid', checked.issues);
    return this.findOut.guide(evaluate(ruleSet, checked.facts, language), ruleSet, language);
  }

  /**
   * The same evaluation in the caller's language and in Italian, for the take-away sheet (the Italian
   * is for the desk that receives it). Nothing is stored.
   */
  async evaluateInTwoLanguages(input: EvaluateInput): Promise<OutcomeInTwoLanguages> {
    const { ruleSet } = await this.ruleSets.resolve(input);
    const checked = validateFacts(ruleSet, input.facts, 'facts');
    if (!checked.ok) throw new ValidationFailedError('Some facts are not valid', checked.issues);
    return this.inTwoLanguages(ruleSet, checked.facts, input.language ?? DEFAULT_LANGUAGE, undefined);
  }

  /**
   * The outcome of a completed screening the caller may read (anything else is the same 404 as
   * reading it), evaluated again from its facts in `language` (the screening's own by default) and in
   * Italian: the stored outcome is in the screening's language only.
   */
  async outcomeInTwoLanguages(id: string, principal: Principal | null, language?: Language): Promise<OutcomeInTwoLanguages> {
    const screening = await this.dataSource.getRepository(ScreeningEntity).findOneBy({ id });
    if (!screening || !this.canRead(screening, principal)) throw this.notFound(id);
    if (screening.status !== 'COMPLETED') {
      throw new ConflictError('The screening has no outcome yet', [{ field: 'id', issue: 'screening not completed' }], 'SCREENING_NOT_COMPLETED');
    }
    const ruleSet = await this.ruleSets.getCompiled(screening.ruleSetId);
    return this.inTwoLanguages(
      ruleSet,
      screening.facts,
      language ?? (isLanguage(screening.language) ? screening.language : DEFAULT_LANGUAGE),
      screening.territoryCode,
    );
  }

  /** Whether `code` is the resume code of the screening `id` (the caller has already read it). */
  async isResumeCodeOf(id: string, code: string): Promise<boolean> {
    const normalised = normaliseResumeCode(code);
    if (!normalised) return false;
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM screening WHERE id = $1 AND resume_code_hash = $2`, [
      id,
      this.digest(normalised),
    ]);
    return rows.length === 1;
  }

  async start(input: StartScreeningInput, principal: Principal | null, acceptLanguage?: string): Promise<Screening> {
    const language = requestLanguage(input.language, acceptLanguage) ?? DEFAULT_LANGUAGE;
    let organisationId: string | null = null;
    if (input.mode === 'operator') {
      // Anonymous callers too: the route is public for self-assessments, so refusing here is the gate.
      if (!principal || !isOperator(principal) || !principal.organisationId) {
        throw roleRefusedError(OPERATOR_ROLES, 'Operator mode (mode) is for operators of a partner organisation', [
          { field: 'mode', issue: 'operator mode needs an operator of a partner organisation' },
        ]);
      }
      organisationId = principal.organisationId;
    }
    const channel: ScreeningChannel = input.channel ?? (input.mode === 'self' ? 'self' : 'desk');
    if (input.mode === 'self' && channel !== 'self') {
      throw new ValidationFailedError('A self-assessment has the channel "self"', [{ field: 'channel', issue: 'must be "self" in self mode' }]);
    }
    const { ruleSet, asOf } = await this.ruleSets.resolve({ asOf: input.asOf });
    const today = this.today();
    const screening = this.dataSource.getRepository(ScreeningEntity).create({
      mode: input.mode,
      language,
      channel,
      territoryCode: input.territory ?? null,
      organisationId,
      ruleSetId: ruleSet.definition.id,
      asOf,
      status: 'IN_PROGRESS',
      answers: [],
      facts: {},
      outcome: null,
      createdOn: today,
      lastActivityOn: today,
      expiresOn: addDays(today, this.lifetimes.resumeCodeTtlDays),
      completedOn: null,
    });
    const first = nextQuestion(ruleSet, {}, language);
    screening.nextQuestionId = first?.id ?? null;
    let resumeCode: string;
    if (first) {
      resumeCode = await this.insertWithFreshCode(this.dataSource.manager, screening);
      this.recent.set(screening);
    } else {
      // A rule set with nothing to ask: the outcome is known at once.
      this.finish(screening, ruleSet);
      resumeCode = await this.dataSource.transaction(async (em) => {
        const code = await this.insertWithFreshCode(em, screening);
        await this.emitCompleted(em, screening);
        return code;
      });
      this.countCompleted(screening);
    }
    // The only answer that shows the code: the database keeps its HMAC, which cannot give it back.
    return { ...(await this.present(screening, ruleSet, first)), resumeCode };
  }

  async answer(id: string, questionId: string, value: unknown, principal: Principal | null, language?: Language): Promise<Screening> {
    return this.mutate(id, principal, language, (screening, ruleSet) => {
      const last = screening.answers[screening.answers.length - 1];
      // A client that lost the response and sends the same answer again gets the current state, not an error.
      if (screening.nextQuestionId !== questionId && last?.questionId === questionId && last.value === value) return {};
      if (screening.nextQuestionId !== questionId) {
        throw new ConflictError(
          `Question ${questionId} is not the one being asked`,
          [{ field: 'questionId', issue: screening.nextQuestionId ? `the current question is ${screening.nextQuestionId}` : 'no question is being asked' }],
          'QUESTION_NOT_CURRENT',
        );
      }
      const checked = validateAnswer(ruleSet, questionId, value, screening.facts);
      if (!checked.ok)
        throw new ValidationFailedError(`The answer to ${questionId} is not valid`, [
          ...checked.issues,
          ...contradicted(screening, ruleSet, questionId, value),
        ]);
      screening.answers = [...screening.answers, { questionId, value: checked.value }];
      // The question was being asked, so every earlier answer still applies: no replay needed.
      return { appended: { fact: checked.fact, value: checked.value } };
    });
  }

  async changeAnswer(id: string, questionId: string, value: unknown, principal: Principal | null, language?: Language): Promise<Screening> {
    return this.mutate(id, principal, language, (screening, ruleSet) => {
      const index = screening.answers.findIndex((a) => a.questionId === questionId);
      if (index < 0) {
        throw new NotFoundError(`Question ${questionId} has not been answered in this screening`, [{ field: 'questionId', issue: 'not answered yet' }]);
      }
      const checked = validateAnswer(ruleSet, questionId, value);
      if (!checked.ok) throw new ValidationFailedError(`The answer to ${questionId} is not valid`, checked.issues);
      const answers = screening.answers.slice();
      answers[index] = { questionId, value: checked.value };
      screening.answers = answers;
      return {};
    });
  }

  /** Ends a screening now (the person has to go): undetermined benefits stay undetermined, with what is missing. */
  async complete(id: string, principal: Principal | null, language?: Language): Promise<Screening> {
    return this.mutate(id, principal, language, () => ({ finishNow: true }));
  }

  /**
   * The operator-mode screenings started on a day (`created_on`, a day as stored: no instant is
   * kept), as summaries without answers, facts or resume code. Operators list their organisation's;
   * central staff (oversight, as for reading one) every organisation's or one's.
   */
  async listOfDay(query: ScreeningListArgs, principal: Principal): Promise<ScreeningPage> {
    let organisation: string | null;
    if (isNational(principal, OVERSIGHT_ROLES)) {
      organisation = query.organisation ?? null;
    } else if (isOperator(principal) && principal.organisationId) {
      if (query.organisation !== undefined && query.organisation !== principal.organisationId) {
        throw new ForbiddenError("Operators list their own organisation's screenings only", [{ field: 'organisation', issue: 'not your organisation' }]);
      }
      organisation = principal.organisationId;
    } else {
      throw roleRefusedError([...OPERATOR_ROLES, ...OVERSIGHT_ROLES], "The day's screenings are for their organisation's operators and central staff");
    }
    const day = query.day ?? this.today();
    const limit = query.limit ?? SCREENING_PAGE_SIZE;
    const offset = query.offset ?? 0;
    // `organisation_id IS NOT NULL` is how the indexes on the day select operator-mode screenings.
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT id, status, mode, channel, territory_code, language, rule_set_id, as_of::text AS as_of,
              jsonb_array_length(answers) AS answered,
              (SELECT count(*) FROM jsonb_array_elements(outcome->'benefits') b WHERE b->>'status' = 'LIKELY_ELIGIBLE') AS likely,
              (SELECT count(*) FROM jsonb_array_elements(outcome->'benefits') b WHERE b->>'status' = 'UNDETERMINED') AS undetermined,
              count(*) OVER () AS total
         FROM screening
        WHERE organisation_id IS NOT NULL AND created_on = $1 AND ($2::varchar IS NULL OR organisation_id = $2)
        ORDER BY id
        LIMIT $3 OFFSET $4`,
      [day, organisation, limit, offset],
    );
    // Past the last page there is no row to carry the total: count apart, only then.
    const total =
      rows.length > 0
        ? Number(rows[0]!.total)
        : Number(
            (
              await this.dataSource.query(
                `SELECT count(*) AS n FROM screening WHERE organisation_id IS NOT NULL AND created_on = $1 AND ($2::varchar IS NULL OR organisation_id = $2)`,
                [day, organisation],
              )
            )[0].n,
          );
    return {
      day,
      limit,
      offset,
      total,
      items: rows.map((r) => ({
        id: r.id,
        status: r.status,
        mode: r.mode,
        channel: r.channel,
        territory: r.territory_code,
        language: r.language,
        ruleSetId: r.rule_set_id,
        asOf: r.as_of,
        answeredCount: Number(r.answered),
        likelyCount: r.status === 'COMPLETED' ? Number(r.likely) : null,
        undeterminedCount: r.status === 'COMPLETED' ? Number(r.undetermined) : null,
      })),
    };
  }

  /** `language`: the request's (request-language.ts); the screening's own when undefined. */
  async get(id: string, principal: Principal | null, language?: Language): Promise<Screening> {
    const screening = await this.dataSource.getRepository(ScreeningEntity).findOneBy({ id });
    if (!screening || !this.canRead(screening, principal)) throw this.notFound(id);
    return this.present(screening, await this.ruleSets.getCompiled(screening.ruleSetId), undefined, language);
  }

  async getByResumeCode(code: string, principal: Principal | null, language?: Language): Promise<Screening> {
    const normalised = normaliseResumeCode(code);
    if (!normalised) throw new ValidationFailedError('A resume code has 8 letters and digits', [{ field: 'resumeCode', issue: 'malformed resume code' }]);
    const screening = await this.dataSource.getRepository(ScreeningEntity).findOneBy({ resumeCodeHash: this.digest(normalised) });
    // Out of scope answers as unknown, before expiry is looked at: a 410 would tell the code exists.
    if (!screening || !this.canRead(screening, principal)) throw unknownResumeCode('No screening has this resume code');
    if (screening.status === 'CLOSED' || screening.expiresOn <= this.today()) {
      throw new GoneError('This resume code has expired', [{ field: 'resumeCode', issue: 'expired' }]);
    }
    return this.present(screening, await this.ruleSets.getCompiled(screening.ruleSetId), undefined, language);
  }

  /**
   * For monitoring's follow-ups (internal route): the id of the COMPLETED screening a resume code
   * names, whatever its mode or organisation (a person may bring a paper from another desk) and
   * after the resume period too (the code no longer resumes anything, it only names the screening).
   * Unknown, in progress or closed: the same 404. Each lookup counts against the organisation's limit.
   */
  async resolveCompletedResumeCode(code: string, organisationId: string): Promise<{ screeningId: string }> {
    this.lookupLimit.take(organisationId);
    const normalised = normaliseResumeCode(code);
    if (!normalised) throw new ValidationFailedError('A resume code has 8 letters and digits', [{ field: 'resumeCode', issue: 'malformed resume code' }]);
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM screening WHERE resume_code_hash = $1 AND status = 'COMPLETED'`, [
      this.digest(normalised),
    ]);
    if (rows.length === 0) throw unknownResumeCode('No completed screening has this resume code');
    return { screeningId: rows[0]!.id };
  }

  /**
   * Closes screenings left untouched for the idle period and forgets their answers: an abandoned
   * screening has no outcome to keep, and keeping facts nobody will use is not anonymous enough.
   */
  async closeIdle(): Promise<number> {
    const cutoff = addDays(this.today(), -this.lifetimes.idleCloseDays);
    const result = await this.dataSource.query(
      `UPDATE screening SET status = 'CLOSED', answers = '[]', facts = '{}', next_question_id = NULL, version = version + 1
        WHERE status = 'IN_PROGRESS' AND last_activity_on <= $1`,
      [cutoff],
    );
    return Number(result?.[1] ?? 0);
  }

  /**
   * Applies a change to a screening. Most answers cost two statements: a read and an UPDATE guarded
   * by the version read (optimistic concurrency); a lost race re-reads and re-applies, so a retried
   * or concurrent identical answer still counts once. Completion writes the outcome and the outbox
   * event in one statement.
   */
  private async mutate(
    id: string,
    principal: Principal | null,
    language: Language | undefined,
    change: (s: ScreeningEntity, rs: CompiledRuleSet) => { finishNow?: boolean; appended?: { fact: string; value: Answer['value'] } },
  ): Promise<Screening> {
    for (let attempt = 0; ; attempt++) {
      const s = (attempt === 0 && this.recent.get(id)) || (await this.dataSource.getRepository(ScreeningEntity).findOneBy({ id }));
      if (!s) throw this.notFound(id);
      this.assertCanWrite(s, principal);
      if (s.status === 'COMPLETED')
        throw new ConflictError('This screening is completed and cannot change', [{ field: 'id', issue: 'screening completed' }], 'SCREENING_COMPLETED');
      if (s.status === 'CLOSED' || s.expiresOn <= this.today())
        throw new GoneError('This screening was closed after 30 idle days', [{ field: 'id', issue: 'screening closed' }]);
      const rs = await this.ruleSets.getCompiled(s.ruleSetId);
      const before = s.answers;
      const { finishNow, appended } = change(s, rs);
      if (s.answers === before && !finishNow) return this.view(s, rs, undefined, language);
      let dropped: string[] = [];
      if (appended) {
        s.facts = { ...s.facts, [appended.fact]: appended.value };
      } else {
        const replay = replayAnswers(rs, s.answers);
        dropped = replay.dropped.map((a) => a.questionId);
        s.answers = replay.kept;
        s.facts = replay.facts;
      }
      const next = finishNow ? null : nextQuestion(rs, s.facts, s.language);
      s.nextQuestionId = next?.id ?? null;
      s.lastActivityOn = this.today();
      if (!next) this.finish(s, rs);
      const written = next ? await this.write(this.dataSource.manager, s) : await this.writeCompleted(s);
      if (!written) {
        this.recent.delete(id);
        if (attempt < 5) continue;
        throw new ConflictError(
          'The screening changed while this answer was being saved; try again',
          [{ field: 'id', issue: 'concurrent change' }],
          'CONCURRENT_CHANGE',
        );
      }
      s.version += 1;
      if (next) this.recent.set(s);
      else this.recent.delete(id);
      if (!next) this.countCompleted(s);
      const view = await this.present(s, rs, next, language);
      if (dropped.length) view.droppedAnswers = dropped;
      return view;
    }
  }

  /** Writes the computed state if nobody else wrote since it was read. */
  private async write(em: EntityManager, s: ScreeningEntity): Promise<boolean> {
    const result: [unknown, number] = await em.query(GUARDED_UPDATE, guardedUpdateParameters(s));
    return result[1] === 1;
  }

  /**
   * The completed state and its event, if nobody else wrote since it was read: the version-guarded
   * UPDATE and the outbox INSERT in one statement (one round trip, where a transaction took four);
   * no UPDATE, no event.
   */
  private writeCompleted(s: ScreeningEntity): Promise<boolean> {
    return this.outbox.enqueueWith(
      this.dataSource.manager,
      GUARDED_UPDATE,
      guardedUpdateParameters(s),
      SCREENING_COMPLETED,
      screeningCompletedPayload(s, s.outcome as EvaluationResult),
      s.id,
    );
  }

  private finish(s: ScreeningEntity, rs: CompiledRuleSet): void {
    s.status = 'COMPLETED';
    s.nextQuestionId = null;
    s.completedOn = this.today();
    s.outcome = evaluate(rs, s.facts, s.language);
  }

  private async emitCompleted(em: EntityManager, s: ScreeningEntity): Promise<void> {
    await this.outbox.enqueue(em, SCREENING_COMPLETED, screeningCompletedPayload(s, s.outcome as EvaluationResult), s.id);
  }

  /** After the commit: by rule set and channel only (inps_screenings_completed_total). */
  private countCompleted(s: ScreeningEntity): void {
    if (this.metrics.enabled) this.metrics.screeningsCompleted.inc({ ruleset: s.ruleSetId, channel: s.channel ?? 'none' });
  }

  private digest(normalisedCode: string): Buffer {
    return resumeCodeDigest(normalisedCode, this.resumeCodeKey.pepper);
  }

  /**
   * The resume code is random; on the rare collision (of codes, hence of their HMACs) draw again
   * inside the same transaction. Returns the code, which only the caller's answer will show.
   */
  private async insertWithFreshCode(em: EntityManager, s: ScreeningEntity): Promise<string> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const code = resumeCodes.generateResumeCode();
      s.resumeCodeHash = this.digest(code);
      const rows: { id: string }[] = await em.query(
        `INSERT INTO screening (resume_code_hash, mode, language, channel, territory_code, organisation_id, rule_set_id, as_of, status,
                                answers, facts, next_question_id, outcome, created_on, last_activity_on, expires_on, completed_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (resume_code_hash) DO NOTHING RETURNING id`,
        [
          s.resumeCodeHash,
          s.mode,
          s.language,
          s.channel,
          s.territoryCode,
          s.organisationId,
          s.ruleSetId,
          s.asOf,
          s.status,
          JSON.stringify(s.answers),
          JSON.stringify(s.facts),
          s.nextQuestionId,
          s.outcome ? JSON.stringify(s.outcome) : null,
          s.createdOn,
          s.lastActivityOn,
          s.expiresOn,
          s.completedOn,
        ],
      );
      if (rows.length === 1) {
        s.id = rows[0].id;
        s.version = 0;
        return code;
      }
    }
    throw new Error('could not draw a free resume code');
  }

  private canRead(s: ScreeningEntity, principal: Principal | null): boolean {
    if (s.mode === 'self') return true;
    if (principal && isNational(principal, OVERSIGHT_ROLES)) return true;
    return this.canWrite(s, principal);
  }

  /** A self-assessment belongs to whoever holds its id or code; an operator screening to its organisation's operators. */
  private canWrite(s: ScreeningEntity, principal: Principal | null): boolean {
    return s.mode === 'self' || (!!principal && isOperator(principal) && inOrganisation(principal, s.organisationId, NO_ROLES));
  }

  private assertCanWrite(s: ScreeningEntity, principal: Principal | null): void {
    if (this.canWrite(s, principal)) return;
    // Oversight reads every operator screening, so it learns nothing from a 403: its role may never change one.
    if (principal && isNational(principal, OVERSIGHT_ROLES)) throw roleRefusedError(OPERATOR_ROLES, 'Oversight reads screenings, never changes them');
    // Not found rather than forbidden: another organisation must not learn the screening exists.
    throw this.notFound(s.id);
  }

  private notFound(id: string): NotFoundError {
    return notFoundError('screening', id, 'No such screening');
  }

  private today(): string {
    return romeDate(this.clock.now());
  }

  /** `comune` undefined for an evaluation (no where to go), a screening's territory (maybe null) otherwise. */
  private async inTwoLanguages(rs: CompiledRuleSet, facts: Facts, language: Language, comune: string | null | undefined): Promise<OutcomeInTwoLanguages> {
    const guided = (lang: Language) => this.findOut.guide(evaluate(rs, facts, lang), rs, lang);
    const outcome = guided(language);
    const italian = language === DEFAULT_LANGUAGE ? outcome : guided(DEFAULT_LANGUAGE);
    if (comune === undefined) return { language, outcome, italian, whereToGo: null };
    // The second call is answered from the where-to-go cache: the registry is asked once per comune.
    const own = await this.whereToGo.forOutcome(comune, language);
    const it = language === DEFAULT_LANGUAGE ? own : await this.whereToGo.forOutcome(comune, DEFAULT_LANGUAGE);
    return { language, outcome, italian, whereToGo: { own, it } };
  }

  /**
   * The view, with the where-to-go part added to an outcome. It is not stored with the outcome: the
   * events planned change from one day to the next, and the registry may answer later when it could not.
   */
  private async present(s: ScreeningEntity, rs: CompiledRuleSet, next?: PresentedQuestion | null, language?: Language): Promise<Screening> {
    const view = this.view(s, rs, next, language);
    if (view.outcome) view.outcome = { ...view.outcome, whereToGo: await this.whereToGo.forOutcome(s.territoryCode, language ?? s.language) };
    return view;
  }

  /**
   * `next` when the caller has just computed it (in the screening's language), to spare a second pass
   * of the engine. Texts are in `language` when the request chose one: the stored outcome is in the
   * screening's language, so another one is evaluated again from the same facts and rule set.
   */
  private view(s: ScreeningEntity, rs: CompiledRuleSet, next?: PresentedQuestion | null, language?: Language): Screening {
    const def = rs.definition;
    const factOf = factsByQuestion(rs);
    const lang = language ?? s.language;
    const question = s.status !== 'IN_PROGRESS' ? null : next !== undefined && lang === s.language ? next : nextQuestion(rs, s.facts, lang);
    // Outcomes stored before translations existed have no statuses: they are evaluated again too.
    const outcome = !s.outcome ? undefined : lang === s.language && s.outcome.translation ? s.outcome : evaluate(rs, s.facts, lang);
    return {
      id: s.id,
      resumeCode: null,
      status: s.status,
      mode: s.mode,
      language: s.language,
      channel: s.channel,
      territory: s.territoryCode,
      ruleSet: { id: def.id, effectiveFrom: def.effectiveFrom, effectiveTo: def.effectiveTo },
      asOf: s.asOf,
      answers: s.answers.map((a) => ({ questionId: a.questionId, fact: factOf.get(a.questionId) ?? a.questionId, value: a.value, dontKnow: a.value === null })),
      answeredCount: s.answers.length,
      nextQuestion: question,
      // Outcomes stored before don't-know answers existed have no unknownFacts: none was possible. The steps are
      // added on reading, not stored: they follow the guidance of today.
      ...(outcome ? { outcome: this.findOut.guide({ ...outcome, unknownFacts: outcome.unknownFacts ?? [] }, rs, lang) } : {}),
      expiresOn: s.expiresOn,
      translation: screeningTranslation(lang, question, outcome),
    };
  }
}

/** A screening's new state, written only over the version it was computed from (optimistic concurrency). */
const GUARDED_UPDATE = `UPDATE screening SET answers = $3, facts = $4, next_question_id = $5, last_activity_on = $6, status = $7, completed_on = $8,
    outcome = $9, version = version + 1
  WHERE id = $1 AND version = $2 AND status = 'IN_PROGRESS'`;

function guardedUpdateParameters(s: ScreeningEntity): unknown[] {
  return [
    s.id,
    s.version,
    JSON.stringify(s.answers),
    JSON.stringify(s.facts),
    s.nextQuestionId,
    s.lastActivityOn,
    s.status,
    s.completedOn,
    s.outcome ? JSON.stringify(s.outcome) : null,
  ];
}

/** The summary of one answer's texts: the next question's and the outcome's. */
function screeningTranslation(requested: Language, question: PresentedQuestion | null, outcome: EvaluationResult | undefined): TranslationSummary {
  const statuses = question
    ? [question.textStatus.label, ...(question.textStatus.help ? [question.textStatus.help] : []), ...(question.textStatus.options ?? [])]
    : [];
  const own = summarise(requested, statuses);
  if (!outcome) return own;
  const used = new Set([...own.languagesUsed, ...outcome.translation.languagesUsed]);
  return { requested, languagesUsed: LANGUAGES.filter((l) => used.has(l)), allReviewed: own.allReviewed && outcome.translation.allReviewed };
}

/**
 * The earlier answers a refused answer contradicts, by question, so that the person can change
 * the one that is wrong (docs/api.md, "Contradictory answers"); none when the value is wrong alone.
 */
function contradicted(s: ScreeningEntity, rs: CompiledRuleSet, questionId: string, value: unknown): { field: string; issue: string }[] {
  const facts = new Set(contradictedFacts(rs, questionId, value, s.facts));
  if (facts.size === 0) return [];
  const factOf = factsByQuestion(rs);
  return s.answers
    .filter((a) => facts.has(factOf.get(a.questionId) ?? a.questionId))
    .map((a) => ({ field: `answers.${a.questionId}`, issue: 'contradicts this answer' }));
}

/** A row of the day's list as PostgreSQL returns it (counts as text: bigint). */
interface SummaryRow {
  id: string;
  status: ScreeningStatus;
  mode: ScreeningMode;
  channel: ScreeningChannel;
  territory_code: string | null;
  language: Language;
  rule_set_id: string;
  as_of: string;
  answered: number;
  likely: string;
  undetermined: string;
  total: string;
}

/**
 * The 404 of a resume code that names nothing the caller may see. Unlike an id, the code is not
 * echoed back: it is the person's key to the screening, and error bodies reach logs and proxies.
 */
function unknownResumeCode(message: string): NotFoundError {
  return new NotFoundError(message, [
    { field: 'resource', issue: 'screening' },
    { field: 'resumeCode', issue: 'no screening you may see has this code' },
  ]);
}

/**
 * An outcome as the API hands it out (find-out steps included) in a language and in Italian (the same
 * object when the language is Italian), and for a screening where to go, in both too.
 */
export interface OutcomeInTwoLanguages {
  readonly language: Language;
  readonly outcome: GuidedEvaluation;
  readonly italian: GuidedEvaluation;
  readonly whereToGo: { readonly own: WhereToGoOutcome; readonly it: WhereToGoOutcome } | null;
}
