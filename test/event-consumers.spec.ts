/**
 * Every event a service publishes is consumed somewhere: each type of the shared payload map
 * (EventPayloads) has an @EventHandler in some service's worker module. Read from the handler
 * metadata of the modules as written; nothing is started.
 */
import { Injectable, Module } from '@nestjs/common';
import { EVENT_TYPES, handlersDeclaredIn, loadConfig, unconsumedEventTypes } from '@inps/shared';
import { agreementsConfig } from '../services/agreements/src/agreements.config';
import { WorkerModule as AgreementsWorker } from '../services/agreements/src/worker.module';
import { monitoringConfig } from '../services/monitoring/src/monitoring.config';
import {
  AGREEMENT_ACTIVATED,
  AGREEMENT_EXPIRED,
  AGREEMENT_REVIEWED,
  AGREEMENT_TERMINATED,
  MOBILE_UNIT_REQUEST_DECIDED,
  OnEvent,
  OUTREACH_EVENT_HELD,
  SCREENING_COMPLETED,
  TECHNICAL_TABLE_MEETING_HELD,
} from '../services/monitoring/src/modules/events/event-contracts';
import { WorkerModule as MonitoringWorker } from '../services/monitoring/src/worker.module';
import { questionnaireConfig } from '../services/questionnaire/src/questionnaire.config';
import { WorkerModule as QuestionnaireWorker } from '../services/questionnaire/src/worker.module';

/** Never connected to: the modules are only read. */
const DATABASE_URL = 'postgres://postgres@127.0.0.1:1/none';
const workers = () => [
  QuestionnaireWorker.forRoot({ ...loadConfig(questionnaireConfig, { DATABASE_URL }), DATABASE_URL }),
  AgreementsWorker.forRoot({ ...loadConfig(agreementsConfig, { DATABASE_URL }), DATABASE_URL }),
  MonitoringWorker.forRoot({ ...loadConfig(monitoringConfig, { DATABASE_URL }), DATABASE_URL }),
];

describe('event consumers', () => {
  it('every event type of the map has a handler in some worker module', () => {
    expect(EVENT_TYPES.length).toBeGreaterThan(0);
    expect(unconsumedEventTypes(...workers())).toEqual([]);
  });

  it('finds the handlers through dynamic and static modules alike', () => {
    const events = handlersDeclaredIn(...workers()).flatMap((h) => (h.kind === 'event' ? [h.type] : []));
    expect(new Set(events)).toEqual(new Set(EVENT_TYPES));
    const jobs = handlersDeclaredIn(...workers()).flatMap((h) => (h.kind === 'job' ? [h.job.name] : []));
    expect(jobs.sort()).toEqual(['agreements.daily', 'close-idle', 'report', 'requeue-waiting', 'semiannual']);
  });

  it('fails for a broken copy of monitoring whose consumer lost a handler', () => {
    /** Monitoring's consumer as it would be had someone dropped the escalation handler. */
    @Injectable()
    class ConsumerWithoutEscalations {
      @OnEvent(SCREENING_COMPLETED)
      async screening(): Promise<boolean> {
        return true;
      }

      @OnEvent(AGREEMENT_ACTIVATED)
      @OnEvent(AGREEMENT_EXPIRED)
      @OnEvent(AGREEMENT_TERMINATED)
      async agreement(): Promise<boolean> {
        return true;
      }

      @OnEvent(OUTREACH_EVENT_HELD)
      async outreach(): Promise<boolean> {
        return true;
      }

      @OnEvent(MOBILE_UNIT_REQUEST_DECIDED)
      async mobileUnit(): Promise<boolean> {
        return true;
      }

      @OnEvent(AGREEMENT_REVIEWED)
      async reviewed(): Promise<boolean> {
        return true;
      }

      @OnEvent(TECHNICAL_TABLE_MEETING_HELD)
      async meeting(): Promise<boolean> {
        return true;
      }
    }
    @Module({ providers: [ConsumerWithoutEscalations] })
    class BrokenEventsModule {}
    const [questionnaire, agreements] = workers();
    expect(unconsumedEventTypes(questionnaire, agreements, { module: class BrokenMonitoringWorker {}, imports: [BrokenEventsModule] })).toEqual([
      'technical-table-issue.escalated',
    ]);
    // And with no consumer at all, every type is reported.
    expect(unconsumedEventTypes(questionnaire, agreements)).toEqual([...EVENT_TYPES]);
  });
});
