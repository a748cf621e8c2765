import { addDays, isIsoDate, type IsoDate } from '@inps/kernel';
import { isEmptyTerm, lastDayOfTerm, type Term } from './agreement-term';
import type { AgreementKind, Validity } from './agreement.types';
import type { DomainError, ErrorDetail, Result } from './domain-error';
import { detail, fail, ok, validationError } from './domain-error';

/**
 * When an agreement is in force. The 2021 framework lasted "one year from the date of signing"
 * (message 2410/2021); the 2024 one three years, renewable once (message 1334/2024). A term is
 * counted from its first day in force, that day included: one year from 14 March 2024 runs to
 * 13 March 2025 inclusive (the validity's `to` is the last day in force, see `lastDayOfTerm`).
 */

const DEFAULT_FRAMEWORK_TERM: Term = { years: 1 };

export interface ValidityInput {
  readonly kind: AgreementKind;
  /** The day each party signed; the agreement binds from the last one. */
  readonly signatureDates: readonly IsoDate[];
  /** A start the text sets explicitly (for example "dal 1° gennaio"), instead of the last signature. */
  readonly effectiveFrom?: IsoDate | null;
  /** A term the text sets ("tre anni"); for a framework, one year when absent. */
  readonly term?: Term | null;
  /** An end day the text sets explicitly; exclusive with `term`. */
  readonly validTo?: IsoDate | null;
  /**
   * The validity of the agreement this one is made under: the framework for a territorial
   * agreement (required), the framework or territorial agreement for a local one (optional).
   */
  readonly parent?: Validity | null;
}

type ValidityError = DomainError<'VALIDATION_FAILED'>;

function termProblem(term: Term): ErrorDetail | null {
  const parts = [term.years, term.months, term.days];
  if (parts.some((n) => n !== undefined && (!Number.isInteger(n) || n < 0)) || isEmptyTerm(term)) {
    return detail(
      'term',
      'TERM_INVALID',
      'La durata deve essere un numero intero positivo di anni, mesi o giorni.',
      'The term must be a positive whole number of years, months or days.',
    );
  }
  return null;
}

/** Checks that `child` lies inside `parent`, naming the parent's days in the error. */
function withinParent(child: Validity, parent: Validity, parentLabel = { it: 'accordo quadro', en: 'framework agreement' }): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (child.from < parent.from) {
    problems.push(
      detail(
        'validity.from',
        'STARTS_BEFORE_PARENT',
        `L'inizio (${child.from}) precede l'inizio dell'${parentLabel.it} (${parent.from}).`,
        `The start (${child.from}) is before the ${parentLabel.en}'s start (${parent.from}).`,
      ),
    );
  }
  if (child.to > parent.to) {
    problems.push(
      detail(
        'validity.to',
        'ENDS_AFTER_PARENT',
        `La fine (${child.to}) supera la scadenza dell'${parentLabel.it} (${parent.to}).`,
        `The end (${child.to}) is after the ${parentLabel.en}'s end (${parent.to}).`,
      ),
    );
  }
  return problems;
}

/** The validity an agreement's text and signatures give it, or why they give none. */
export function computeValidity(input: ValidityInput): Result<Validity, ValidityError> {
  const problems: ErrorDetail[] = [];

  if (input.signatureDates.length === 0) {
    problems.push(detail('signatureDates', 'SIGNATURES_MISSING', 'Indicare la data di almeno una sottoscrizione.', 'Give at least one signing date.'));
  }
  input.signatureDates.forEach((d, i) => {
    if (!isIsoDate(d)) {
      problems.push(detail(`signatureDates[${i}]`, 'NOT_A_DATE', 'Data non valida (AAAA-MM-GG).', 'Not a valid date (YYYY-MM-DD).'));
    }
  });
  if (input.effectiveFrom != null && !isIsoDate(input.effectiveFrom)) {
    problems.push(detail('effectiveFrom', 'NOT_A_DATE', 'Data non valida (AAAA-MM-GG).', 'Not a valid date (YYYY-MM-DD).'));
  }
  if (input.validTo != null && !isIsoDate(input.validTo)) {
    problems.push(detail('validTo', 'NOT_A_DATE', 'Data non valida (AAAA-MM-GG).', 'Not a valid date (YYYY-MM-DD).'));
  }
  if (input.term && input.validTo) {
    problems.push(
      detail('term', 'TERM_AND_END_BOTH_GIVEN', 'Indicare la durata oppure la data di scadenza, non entrambe.', 'Give either a term or an end date, not both.'),
    );
  }
  const termIssue = input.term ? termProblem(input.term) : null;
  if (termIssue) problems.push(termIssue);

  const parent = input.parent ?? null;
  if (input.kind === 'FRAMEWORK' && parent) {
    problems.push(
      detail(
        'parent',
        'FRAMEWORK_HAS_NO_PARENT',
        'Un accordo quadro non dipende da altri accordi.',
        'A framework agreement is not made under another agreement.',
      ),
    );
  }
  if (input.kind === 'TERRITORIAL' && !parent) {
    problems.push(
      detail(
        'frameworkId',
        'FRAMEWORK_REQUIRED',
        'Un accordo territoriale deve riferirsi a un accordo quadro.',
        'A territorial agreement must refer to a framework agreement.',
      ),
    );
  }
  if (parent && (!isIsoDate(parent.from) || !isIsoDate(parent.to))) {
    problems.push(
      detail('parent', 'PARENT_VALIDITY_INVALID', "La validità dell'accordo di riferimento non è valida.", "The parent agreement's validity is not valid."),
    );
  }
  if (problems.length > 0) return fail(validationError(problems));

  const lastSignature = [...input.signatureDates].sort().at(-1) as IsoDate;
  const from = input.effectiveFrom ?? lastSignature;

  let to: IsoDate;
  if (input.validTo) to = input.validTo;
  else if (input.term) to = lastDayOfTerm(from, input.term);
  else if (input.kind === 'FRAMEWORK') to = lastDayOfTerm(from, DEFAULT_FRAMEWORK_TERM);
  else if (parent)
    to = parent.to; // without a term of its own it lasts as long as what it implements
  else {
    return fail(
      validationError([
        detail('term', 'TERM_REQUIRED', "Indicare la durata o la data di scadenza dell'accordo.", 'Give the term or the end date of the agreement.'),
      ]),
    );
  }

  if (to < from) {
    return fail(
      validationError([
        detail('validity.to', 'END_BEFORE_START', `La scadenza (${to}) precede l'inizio (${from}).`, `The end (${to}) is before the start (${from}).`),
      ]),
    );
  }
  const validity: Validity = { from, to };
  if (parent) {
    const label = input.kind === 'LOCAL' ? { it: 'accordo di riferimento', en: 'parent agreement' } : undefined;
    const outside = withinParent(validity, parent, label);
    if (outside.length > 0) return fail(validationError(outside));
  }
  return ok(validity);
}

export interface RenewalInput {
  readonly current: Validity;
  /** The renewal's term; the same as the original's unless the renewal says otherwise. */
  readonly term: Term;
  readonly renewalsUsed: number;
  readonly maxRenewals: number;
}

/** A renewal starts the day after the current term ends ("rinnovabile una sola volta"). */
export function renewValidity(input: RenewalInput): Result<Validity, ValidityError> {
  if (input.renewalsUsed >= input.maxRenewals) {
    return fail(
      validationError([
        detail(
          'renewal',
          'NO_RENEWALS_LEFT',
          `L'accordo è rinnovabile ${input.maxRenewals} volte e lo è già stato ${input.renewalsUsed}.`,
          `The agreement may be renewed ${input.maxRenewals} time(s) and has been ${input.renewalsUsed} time(s).`,
        ),
      ]),
    );
  }
  const termIssue = termProblem(input.term);
  if (termIssue) return fail(validationError([termIssue]));
  const from = addDays(input.current.to, 1);
  return ok({ from, to: lastDayOfTerm(from, input.term) });
}
