import { romeDate } from '@inps/kernel';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, Clock, inTransaction, JobHandler, JobRecovery, Jobs } from '@inps/shared';
import type { AgreementsConfig } from '../../agreements.config';
import { SYSTEM_ACTOR } from '../../common/actor';
import { planAgreementJobs, type AgreementAction, type SchedulePlan } from '../../domain';
import { AgreementEntity, AgreementTransitionEntity } from '../agreements/agreement.entity';
import { AgreementsService } from '../agreements/agreements.service';
import { DAILY_JOB, DAILY_JOB_SCHEDULER_ID, type DailyRunResult } from './agreement-jobs';

export { DAILY_JOB_SCHEDULER_ID, type DailyRunResult };

/**
 * The daily run: activates agreements whose validity started, expires those whose validity ended
 * and records the expiry warnings. The plan comes from the domain and the Clock, so a test sets the
 * day instead of waiting for it.
 */
@Injectable()
export class AgreementScheduler {
  private readonly logger = new Logger(AgreementScheduler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly agreements: AgreementsService,
    private readonly jobs: Jobs,
    @Inject(APP_CONFIG) private readonly config: AgreementsConfig,
  ) {}

  /** A worker that was down at 00:05 catches up when it starts (or when the store lost the job); the job id makes it once a day. */
  @JobRecovery(DAILY_JOB)
  async catchUp(): Promise<void> {
    await this.jobs.add(DAILY_JOB, {}, { jobId: `catch-up-${romeDate(this.clock.now())}` });
  }

  @JobHandler(DAILY_JOB)
  async runDaily(): Promise<DailyRunResult> {
    const now = this.clock.now();
    const candidates = await this.dataSource.getRepository(AgreementEntity).find({ where: { status: In(['SIGNED', 'ACTIVE']) } });
    const plan: SchedulePlan = planAgreementJobs(
      candidates.map((a) => ({
        id: a.id,
        state: a.status,
        validity: a.validFrom && a.validTo ? { from: a.validFrom, to: a.validTo } : null,
        expiryWarningSentFor: a.expiryWarningSentFor,
      })),
      now,
      { warningDays: this.config.EXPIRY_WARNING_DAYS },
    );
    const failed: string[] = [];
    const apply = async (ids: readonly string[], action: AgreementAction): Promise<string[]> => {
      const done: string[] = [];
      for (const id of ids) {
        // One agreement failing (changed meanwhile, say) must not stop the others; the next run retries it.
        try {
          const current = await this.dataSource.getRepository(AgreementEntity).findOneByOrFail({ id });
          await this.agreements.applyTransition(id, { action, version: current.version }, SYSTEM_ACTOR);
          done.push(id);
        } catch (error) {
          this.logger.warn(`${action} ${id} failed: ${String(error)}`);
          failed.push(id);
        }
      }
      return done;
    };
    const expired = await apply(plan.expire, 'expire');
    const activated = await apply(plan.activate, 'activate');
    const warned: string[] = [];
    for (const w of plan.warn) {
      await inTransaction(this.dataSource, async (m) => {
        const { affected } = await m
          .getRepository(AgreementEntity)
          .createQueryBuilder()
          .update()
          .set({ expiryWarningSentFor: w.validTo })
          .where('id = :id AND expiry_warning_sent_for IS DISTINCT FROM :to', { id: w.id, to: w.validTo })
          .execute();
        if (affected !== 1) return;
        const a = await m.getRepository(AgreementEntity).findOneByOrFail({ id: w.id });
        // Recorded in the history so staff see that the warning went out, and for which end date.
        await m.getRepository(AgreementTransitionEntity).insert({
          agreementId: w.id,
          action: 'expiry_warning',
          from: a.status,
          to: a.status,
          actor: SYSTEM_ACTOR.id,
          at: now,
          comment: `ends on ${w.validTo} (${w.daysLeft} days left)`,
        });
        warned.push(w.id);
      });
    }
    const result = { today: romeDate(now), activated, expired, warned, failed };
    this.logger.log(`daily run ${JSON.stringify({ ...result, activated: activated.length, expired: expired.length, warned: warned.length })}`);
    return result;
  }
}
