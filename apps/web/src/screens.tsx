import { useEffect, useRef, useState } from 'preact/hooks';
import type { Language } from '@inps/kernel/languages';
import type { AnswerValue, Benefit, Question, Screening } from './api';
import { LANGUAGES, type Translate } from './i18n';

/** The language of a text from the API and whether a native speaker reviewed it (being added to the API: read when present). */
interface TextStatus {
  readonly language?: string;
  readonly reviewed?: boolean;
}
interface QuestionStatus {
  readonly label?: TextStatus;
  readonly help?: TextStatus;
  readonly options?: readonly TextStatus[];
}
interface BenefitStatus {
  readonly name?: TextStatus;
  readonly explanation?: readonly TextStatus[];
}
const statusOf = <T,>(item: object): T | undefined => (item as { textStatus?: T }).textStatus;

/** A machine translation (or the Italian fallback of a missing one) is marked, so nobody takes it for checked wording. */
function Unreviewed({ t, status }: { t: Translate; status?: TextStatus }) {
  return status && status.reviewed === false ? <span class="small unreviewed"> ({t('outcome.unreviewed')})</span> : null;
}

/** The page as it opens is read from the top as usual; only the screens after it move the focus. */
let opened = false;

/** The heading of each new screen takes the focus, so a screen reader reads the new screen from its title. */
export function Heading({ children }: { children: preact.ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (opened) ref.current?.focus();
    opened = true;
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function Notice({ text, kind = 'info' }: { text: string; kind?: 'info' | 'error' }) {
  return (
    <p class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}

export function Welcome(props: {
  t: Translate;
  language: Language;
  unreviewed: boolean;
  busy: boolean;
  onLanguage: (language: Language) => void;
  onStart: () => void;
  onResume: (code: string) => void;
  onOperator: () => void;
}) {
  const { t } = props;
  const [code, setCode] = useState('');
  return (
    <>
      <Heading>{t('welcome.heading')}</Heading>
      <p>{t('welcome.intro')}</p>
      <fieldset class="languages">
        <legend>{t('language.legend')}</legend>
        {LANGUAGES.map((l) => (
          <label key={l.code} class="choice" lang={l.code} dir={l.direction}>
            <input type="radio" name="language" value={l.code} checked={props.language === l.code} onChange={() => props.onLanguage(l.code)} />
            <span>{l.name}</span>
          </label>
        ))}
      </fieldset>
      {props.unreviewed ? <p class="small">{t('language.unreviewed')}</p> : null}
      <button type="button" class="primary" disabled={props.busy} onClick={props.onStart} data-action="start">
        {t('welcome.start')}
      </button>
      <form
        class="resume"
        onSubmit={(e) => {
          e.preventDefault();
          if (code.trim() !== '') props.onResume(code.trim());
        }}
      >
        <h2>{t('resume.heading')}</h2>
        <label for="resume-code">{t('resume.label')}</label>
        <input
          id="resume-code"
          name="resumeCode"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        <button type="submit" class="secondary" disabled={props.busy} data-action="resume">
          {t('resume.submit')}
        </button>
      </form>
      <p class="operator-link">
        <button type="button" class="link" onClick={props.onOperator} data-action="operator">
          {t('operator.link')}
        </button>
      </p>
    </>
  );
}

export function ResumeCode({ t, code }: { t: Translate; code: string }) {
  const shown = code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
  return (
    <div class="resume-code" role="note">
      <p>
        {t('resume.yourCode', { code: '' })}
        <strong class="code" dir="ltr" data-testid="resume-code">
          {shown}
        </strong>
      </p>
      <p class="small">{t('resume.keep')}</p>
    </div>
  );
}

/** A value as the person reads it back: the option's label, yes/no, or "don't know". */
export function describeValue(t: Translate, question: Question | undefined, value: AnswerValue): string {
  if (value === null) return t('answers.dontKnow');
  if (typeof value === 'boolean') return value ? t('question.yes') : t('question.no');
  return question?.options?.find((o) => o.value === value)?.label ?? String(value);
}

export function QuestionForm(props: {
  t: Translate;
  question: Question;
  initial?: AnswerValue;
  busy: boolean;
  error?: string;
  submitLabel: string;
  onAnswer: (value: AnswerValue) => void;
  secondary?: preact.ComponentChildren;
}) {
  const { t, question: q } = props;
  const status = statusOf<QuestionStatus>(q);
  const [value, setValue] = useState<string>(props.initial === undefined || props.initial === null ? '' : String(props.initial));
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    setValue(props.initial === undefined || props.initial === null ? '' : String(props.initial));
    setProblem(undefined);
  }, [q.id]);
  const numeric = q.type === 'number' || q.type === 'integer';
  const helpId = `help-${q.id}`;
  const errorId = `error-${q.id}`;
  const shownError = problem ?? props.error;
  const submit = (e: Event) => {
    e.preventDefault();
    if (value === '') return setProblem(t('question.required'));
    if (q.type === 'boolean') return props.onAnswer(value === 'true');
    if (numeric) {
      const n = Number(value.replace(',', '.'));
      if (!Number.isFinite(n)) return setProblem(t('question.number'));
      return props.onAnswer(n);
    }
    props.onAnswer(value);
  };
  const options: { value: string; label: string }[] =
    q.type === 'boolean'
      ? [
          { value: 'true', label: t('question.yes') },
          { value: 'false', label: t('question.no') },
        ]
      : (q.options ?? []);
  const described = [q.help ? helpId : '', shownError ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <form onSubmit={submit} noValidate data-question={q.id}>
      {numeric ? (
        <div class="field">
          <label for={`answer-${q.id}`} class="question-label" dir="auto" lang={status?.label?.language}>
            {q.label}
            <Unreviewed t={t} status={status?.label} />
          </label>
          {q.help ? (
            <p id={helpId} class="help" dir="auto" lang={status?.help?.language}>
              {q.help}
            </p>
          ) : null}
          <input
            id={`answer-${q.id}`}
            name="answer"
            type="number"
            inputMode={q.type === 'integer' ? 'numeric' : 'decimal'}
            min={q.min}
            max={q.max}
            step={q.type === 'integer' ? 1 : 'any'}
            dir="ltr"
            value={value}
            aria-describedby={described}
            aria-invalid={shownError ? true : undefined}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          {q.min !== undefined && q.max !== undefined ? <p class="small">{t('question.range', { min: q.min, max: q.max })}</p> : null}
        </div>
      ) : (
        <fieldset aria-describedby={described}>
          <legend class="question-label" dir="auto" lang={status?.label?.language}>
            {q.label}
            <Unreviewed t={t} status={status?.label} />
          </legend>
          {q.help ? (
            <p id={helpId} class="help" dir="auto" lang={status?.help?.language}>
              {q.help}
            </p>
          ) : null}
          {options.map((o, i) => (
            <label key={o.value} class="choice">
              <input type="radio" name="answer" value={o.value} checked={value === o.value} onChange={() => setValue(o.value)} />
              <span dir="auto" lang={q.type === 'boolean' ? undefined : status?.options?.[i]?.language}>
                {o.label}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {shownError ? (
        <p id={errorId} class="notice notice-error" role="alert">
          {shownError}
        </p>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={props.busy} data-action="next">
          {props.submitLabel}
        </button>
        <button type="button" class="secondary" disabled={props.busy} onClick={() => props.onAnswer(null)} data-action="dont-know">
          {t('question.dontKnow')}
        </button>
        {props.secondary}
      </div>
    </form>
  );
}

/** The answers given so far, each with a way to change it. */
export function AnswerItems(props: {
  t: Translate;
  screening: Screening;
  questions: Readonly<Record<string, Question>>;
  onChange: (questionId: string) => void;
  /** Only these answers (those a refused answer contradicts); all when absent. */
  only?: readonly string[];
}) {
  const { t, only } = props;
  const answers = only ? props.screening.answers.filter((a) => only.includes(a.questionId)) : props.screening.answers;
  return (
    <ol class="answers">
      {answers.map((a) => {
        const q = props.questions[a.questionId];
        return (
          <li key={a.questionId}>
            <span class="answer-question" dir="auto">
              {q?.label ?? a.fact}
            </span>
            <strong class="answer-value">{describeValue(t, q, a.value)}</strong>
            <button
              type="button"
              class="link"
              data-action={`change-${a.questionId}`}
              onClick={() => props.onChange(a.questionId)}
              aria-label={`${t('answers.change')}: ${q?.label ?? a.fact}`}
            >
              {t('answers.change')}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

export function AnswerList(props: {
  t: Translate;
  screening: Screening;
  questions: Readonly<Record<string, Question>>;
  onChange: (questionId: string) => void;
  onContinue: () => void;
}) {
  return (
    <>
      <Heading>{props.t('answers.heading')}</Heading>
      <AnswerItems {...props} />
      <button type="button" class="primary" onClick={props.onContinue}>
        {props.t('answers.continue')}
      </button>
    </>
  );
}

const STATUS_ORDER = ['LIKELY_ELIGIBLE', 'UNDETERMINED', 'NOT_ELIGIBLE'] as const;
const STATUS_KEY = { LIKELY_ELIGIBLE: 'outcome.likely', UNDETERMINED: 'outcome.undetermined', NOT_ELIGIBLE: 'outcome.notEligible' } as const;
const HOLDS_KEY = { true: 'holds.true', false: 'holds.false', null: 'holds.null' } as const;

/** `whereToGo` is being added to the API: read whatever text it carries, and nothing when absent. */
function placesOf(benefit: Benefit): string[] {
  const raw = (benefit as unknown as { whereToGo?: unknown }).whereToGo;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
  return list
    .map((item: unknown) => {
      if (typeof item === 'string') return item;
      if (!item || typeof item !== 'object') return '';
      const o = item as Record<string, unknown>;
      const text = (v: unknown) =>
        typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string' ? (v as { text: string }).text : '';
      return [o.name, o.label, o.address, o.text, o.hours, o.phone].map(text).filter(Boolean).join(' · ');
    })
    .filter((s: string) => s !== '');
}

function BenefitCard({ t, benefit, locale }: { t: Translate; benefit: Benefit; locale: string }) {
  const money = benefit.amount
    ? `${new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(benefit.amount.value)} ${t(`period.${benefit.amount.period}`)}`
    : undefined;
  const places = placesOf(benefit);
  const status = statusOf<BenefitStatus>(benefit);
  return (
    <article class={`benefit benefit-${benefit.status.toLowerCase()}`} data-benefit={benefit.id}>
      <h3 dir="auto" lang={status?.name?.language}>
        {benefit.name}
        <Unreviewed t={t} status={status?.name} />
      </h3>
      {money ? <p>{t('outcome.amount', { amount: money })}</p> : null}
      {benefit.amount?.note ? <p class="small">{benefit.amount.note}</p> : null}
      {benefit.status === 'UNDETERMINED' && benefit.findOut.length > 0 ? (
        <>
          <h4>{t('outcome.missing')}</h4>
          <ul>
            {benefit.findOut.map((f) => (
              <li key={f.fact} lang={f.step?.language}>
                {f.step?.text ?? f.fact}
                {f.step && !f.step.reviewed ? <span class="small"> ({t('outcome.unreviewed')})</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {benefit.explanation.length > 0 ? (
        <details>
          <summary>{t('outcome.why')}</summary>
          <ul class="why">
            {benefit.explanation.map((line, i) => (
              <li key={i} lang={status?.explanation?.[i]?.language}>
                <span class={`holds holds-${String(line.holds)}`}>{t(HOLDS_KEY[String(line.holds) as 'true' | 'false' | 'null'])}</span> {line.text}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {benefit.wouldQualifyIf && benefit.wouldQualifyIf.length > 0 ? (
        <>
          <h4>{t('outcome.wouldQualifyIf')}</h4>
          <ul>
            {benefit.wouldQualifyIf.map((w, i) => (
              <li key={i}>{w.text}</li>
            ))}
          </ul>
        </>
      ) : null}
      {benefit.status !== 'NOT_ELIGIBLE' ? (
        <>
          <h4>{t('outcome.howToApply')}</h4>
          <ul>
            {benefit.howToApply.channels.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          {benefit.howToApply.documents.length > 0 ? (
            <>
              <h5>{t('outcome.documents')}</h5>
              <ul>
                {benefit.howToApply.documents.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </>
          ) : null}
          {benefit.howToApply.deadline ? <p>{t('outcome.deadline', { deadline: benefit.howToApply.deadline })}</p> : null}
          {benefit.howToApply.notes.map((n) => (
            <p key={n} class="small">
              {n}
            </p>
          ))}
          {places.length > 0 ? (
            <>
              <h4>{t('outcome.whereToGo')}</h4>
              <ul>
                {places.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </article>
  );
}

export function Outcome(props: { t: Translate; screening: Screening; language: Language; locale: string; resumeCode: string | null; onRestart: () => void }) {
  const { t, screening } = props;
  const benefits = screening.outcome?.benefits ?? [];
  return (
    <>
      <Heading>{t('outcome.heading')}</Heading>
      <p>{t('outcome.disclaimer')}</p>
      {STATUS_ORDER.map((status) => {
        const group = benefits.filter((b) => b.status === status);
        return (
          <section key={status} class={`group group-${status.toLowerCase()}`} aria-labelledby={`group-${status}`}>
            <h2 id={`group-${status}`}>
              {t(STATUS_KEY[status])} ({group.length})
            </h2>
            {group.length === 0 ? <p class="small">{t('outcome.none')}</p> : null}
            {status === 'NOT_ELIGIBLE' && group.length > 0 ? (
              // Not due: out of the way, one tap away (with why, and what would change it).
              <details>
                <summary>{t('outcome.showAll')}</summary>
                {group.map((b) => (
                  <BenefitCard key={b.id} t={t} benefit={b} locale={props.locale} />
                ))}
              </details>
            ) : (
              group.map((b) => <BenefitCard key={b.id} t={t} benefit={b} locale={props.locale} />)
            )}
          </section>
        );
      })}
      {props.resumeCode ? <ResumeCode t={t} code={props.resumeCode} /> : null}
      <div class="actions">
        <a
          class="button primary"
          href={`/api/v1/screenings/${encodeURIComponent(screening.id)}/sheet?language=${props.language}${props.resumeCode ? `&resumeCode=${encodeURIComponent(props.resumeCode)}` : ''}`}
          download
          data-action="sheet"
        >
          {t('outcome.sheet')}
        </a>
        <button type="button" class="secondary" onClick={() => window.print()}>
          {t('outcome.print')}
        </button>
        <button type="button" class="secondary" onClick={props.onRestart}>
          {t('outcome.restart')}
        </button>
      </div>
    </>
  );
}
