import { daysBetween, type IsoDate, romeDate } from '@inps/kernel';
import type { AgreementState, Validity } from './agreement.types';

/**
 * What the daily jobs do to agreements, decided from the records and one instant. Everything is
 * keyed on the Europe/Rome day of that instant, so a run at 00:30 Rome time (still the previous
 * day in UTC) already acts on the new day. Running twice, or late, gives the same outcome: a job
 * that missed days catches up, and the warning is sent once per end date.
 */

const DEFAULT_EXPIRY_WARNING_DAYS = 30;

export interface ScheduledAgreement {
  readonly id: string;
  readonly state: AgreementState;
  readonly validity?: Validity | null;
  /**
   * The end date the last expiry warning was sent for; a renewal moves the end date and so earns a
   * new warning.
   */
  readonly expiryWarningSentFor?: IsoDate | null;
}

interface ExpiryWarning {
  readonly id: string;
  readonly validTo: IsoDate;
  /** Whole Rome days left; 0 on the last day in force. */
  readonly daysLeft: number;
}

export interface SchedulePlan {
  readonly today: IsoDate;
  readonly activate: readonly string[];
  readonly expire: readonly string[];
  readonly warn: readonly ExpiryWarning[];
}

export interface ScheduleOptions {
  readonly warningDays?: number;
}

export function planAgreementJobs(agreements: readonly ScheduledAgreement[], now: Date, options: ScheduleOptions = {}): SchedulePlan {
  const warningDays = options.warningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
  const today = romeDate(now);
  const activate: string[] = [];
  const expire: string[] = [];
  const warn: ExpiryWarning[] = [];

  for (const a of agreements) {
    if (!a.validity || (a.state !== 'SIGNED' && a.state !== 'ACTIVE')) continue;
    const { from, to } = a.validity;
    if (to < today) {
      expire.push(a.id);
      continue;
    }
    const inForce = from <= today;
    if (a.state === 'SIGNED' && inForce) activate.push(a.id);
    // Only agreements in force are warned about; a signed one not yet started is not "expiring".
    if (!inForce) continue;
    const daysLeft = daysBetween(today, to);
    if (daysLeft <= warningDays && a.expiryWarningSentFor !== to) warn.push({ id: a.id, validTo: to, daysLeft });
  }

  const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return {
    today,
    activate: activate.sort(byId),
    expire: expire.sort(byId),
    warn: warn.sort((x, y) => byId(x.id, y.id)),
  };
}
