import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Language } from '@inps/kernel/languages';
import { AppError, contradictedAnswers, createApi, idempotent, newIdempotencyKey, type AnswerValue, type Question, type Screening } from './api';
import { directionOf, isLanguage, loadCatalogue, localeOf, translator, type Catalogue, type MessageKey } from './i18n';
import italian from './messages/it.json';
import { beginSignIn, endSession, loadOidcSettings, type OidcSettings } from './oidc';
import { FollowUpForm, OperatorHome, SignIn, operatorStore, organisationOf, type Operator, type OperatorStart } from './operator';
import { AnswerItems, AnswerList, Heading, Notice, Outcome, QuestionForm, ResumeCode, Welcome, describeValue } from './screens';
import { store, type PendingAnswer, type Session } from './store';

type View =
  | { readonly name: 'welcome' }
  | { readonly name: 'loading' }
  | { readonly name: 'question'; readonly screening: Screening }
  | { readonly name: 'answers'; readonly screening: Screening }
  | { readonly name: 'change'; readonly screening: Screening; readonly questionId: string }
  | { readonly name: 'outcome'; readonly screening: Screening }
  | { readonly name: 'offline' }
  | { readonly name: 'signin'; readonly refused: boolean; readonly failure?: MessageKey }
  | { readonly name: 'operator' }
  | { readonly name: 'error'; readonly message: MessageKey; readonly detail?: string };

/** Rule-set question labels are `{ it, en, … }`: the screening's language, else Italian. */
/** The language `localized` answers in for this label. */
function labelLanguage(label: unknown, language: Language): Language {
  return label && typeof label === 'object' && typeof (label as Record<string, unknown>)[language] === 'string' ? language : 'it';
}

function localized(label: unknown, language: Language): string {
  if (typeof label === 'string') return label;
  if (label && typeof label === 'object') {
    const l = label as Record<string, unknown>;
    const text = l[language] ?? l.it;
    if (typeof text === 'string') return text;
  }
  return '';
}

const RETRY_PENDING_MS = 5_000;

/** Today in Rome, as the API counts days. */
const romeToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());

/** `signInFailure`: the issuer's answer to a sign-in was refused before the first screen (main.tsx). */
export function App(props: { signInFailure?: MessageKey }) {
  const saved = useMemo(() => store.session(), []);
  const [operator, setOperatorState] = useState<Operator | undefined>(() => operatorStore.get());
  const [language, setLanguage] = useState<Language>(saved?.language ?? 'it');
  const [catalogue, setCatalogue] = useState<Catalogue>(italian);
  const [view, setView] = useState<View>(
    props.signInFailure
      ? { name: 'signin', refused: false, failure: props.signInFailure }
      : saved
        ? { name: 'loading' }
        : operatorStore.get()
          ? { name: 'operator' }
          : { name: 'welcome' },
  );
  /** Whether operators sign in with the organisation's issuer (null: the development token); undefined until the gateway says. */
  const [oidc, setOidc] = useState<OidcSettings | null | undefined>();
  const [session, setSessionState] = useState<Session | undefined>(saved);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  /** The earlier answers the last answer contradicted (question ids): listed under the question, each to change. */
  const [contradiction, setContradiction] = useState<readonly string[]>([]);
  const [questionCount, setQuestionCount] = useState<number | undefined>();
  const t = useMemo(() => translator(catalogue), [catalogue]);
  const tRef = useRef(t);
  tRef.current = t;

  const api = useMemo(
    () => createApi({ language, ...(operator ? { token: operator.token } : {}), onWait: (seconds) => setNotice(tRef.current('wait.rate', { seconds })) }),
    [language, operator],
  );

  const setOperator = (next: Operator | undefined) => {
    operatorStore.set(next);
    setOperatorState(next);
  };

  const setSession = useCallback((next: Session | undefined) => {
    store.saveSession(next);
    setSessionState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = directionOf(language);
    let current = true;
    loadCatalogue(language)
      .then((c) => {
        if (!current) return;
        setCatalogue(c);
        document.title = translator(c)('app.title');
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [language]);

  useEffect(() => {
    loadOidcSettings().then(setOidc, () => setOidc(null));
  }, []);

  /** An operator whose sign-in has expired signs in again; the screening and the answers not yet sent stay on the phone. */
  const expire = useCallback(() => {
    setNotice(undefined);
    operatorStore.set(undefined);
    setOperatorState(undefined);
    setView({ name: 'signin', refused: false, failure: 'operator.expired' });
  }, []);

  const fail = useCallback(
    (error: unknown) => {
      setNotice(undefined);
      if (error instanceof AppError && error.status === 401 && operatorStore.get()) return expire();
      if (error instanceof AppError) {
        const issue = error.body?.error.details?.map((d) => d.issue).join('; ');
        setView({ name: 'error', message: error.messageKey, detail: issue });
      } else setView({ name: 'error', message: 'error.unknown' });
    },
    [expire],
  );

  /** The rule set's questions: their number for the progress, their labels for answers given on another phone. */
  const learnRuleSet = useCallback(
    async (screening: Screening, current: Session) => {
      try {
        const doc = await api.call(() => api.client.GET('/api/v1/rulesets/{id}', { params: { path: { id: screening.ruleSet.id } } }));
        const list = (doc.questions ?? []) as Record<string, unknown>[];
        setQuestionCount(list.length);
        const known: Record<string, Question> = {};
        for (const q of list) {
          if (typeof q.id !== 'string' || current.questions[q.id]) continue;
          const options = Array.isArray(q.options)
            ? (q.options as Record<string, unknown>[]).map((o) => ({
                value: String(o.value),
                label: localized(o.label, screening.language) || String(o.value),
              }))
            : undefined;
          known[q.id] = {
            id: q.id,
            fact: String(q.fact),
            type: q.type as Question['type'],
            label: localized(q.label, screening.language),
            ...(options ? { options } : {}),
            // The rule set's document carries its own texts only (Italian, English), not the translations beside
            // it: a label from here is in the screening's language only when the definition has it, never reviewed.
            textStatus: { label: { language: labelLanguage(q.label, screening.language), reviewed: screening.language === 'it' } },
          };
        }
        return known;
      } catch {
        return {};
      }
    },
    [api],
  );

  /** Shows where a screening stands: its next question or its outcome. */
  const show = useCallback(
    (screening: Screening, base: Session) => {
      setNotice(undefined);
      setFormError(undefined);
      setContradiction([]);
      const questions = screening.nextQuestion ? { ...base.questions, [screening.nextQuestion.id]: screening.nextQuestion } : base.questions;
      setSession({ ...base, screeningId: screening.id, questions });
      if (screening.status === 'CLOSED') return setView({ name: 'error', message: 'error.gone' });
      if (screening.nextQuestion) return setView({ name: 'question', screening });
      if (screening.outcome) return setView({ name: 'outcome', screening });
      setView({ name: 'loading' });
      api
        .call(() => api.client.POST('/api/v1/screenings/{id}/complete', { params: { path: { id: screening.id } }, ...idempotent() }))
        .then((done) => setView({ name: 'outcome', screening: done }))
        .catch(fail);
    },
    [api, fail, setSession],
  );

  const send = useCallback(
    (p: PendingAnswer): Promise<Screening> =>
      p.change
        ? api.call(() =>
            api.client.PUT('/api/v1/screenings/{id}/answers/{questionId}', {
              params: { path: { id: p.screeningId, questionId: p.questionId } },
              body: { value: p.value },
            }),
          )
        : api.call(() =>
            api.client.POST('/api/v1/screenings/{id}/answers', {
              params: { path: { id: p.screeningId } },
              body: { questionId: p.questionId, value: p.value },
              ...idempotent(p.key),
            }),
          ),
    [api],
  );

  /**
   * Sends the answers kept on the phone, oldest first, each with its own key. Answers the API
   * refuses are dropped (the question was already answered, or the screening ended); a lost
   * connection stops the round, to be tried again.
   */
  const flush = useCallback(async (): Promise<Screening | 'offline' | undefined> => {
    let last: Screening | undefined;
    for (const p of store.pending()) {
      try {
        last = await send(p);
        store.removePending(p.key);
      } catch (error) {
        if (error instanceof AppError && (error.kind === 'offline' || error.kind === 'timeout')) return 'offline';
        // Refused for the operator's expired sign-in, not for the answer: kept for after signing in again.
        if (error instanceof AppError && error.status === 401) throw error;
        store.removePending(p.key);
      }
    }
    return last;
  }, [send]);

  const reload = useCallback(
    async (current: Session) => {
      const flushed = await flush();
      if (flushed === 'offline') return setView({ name: 'offline' });
      try {
        const screening = await api.call(() => api.client.GET('/api/v1/screenings/{id}', { params: { path: { id: current.screeningId } } }));
        const known = await learnRuleSet(screening, current);
        show(screening, { ...current, questions: { ...known, ...current.questions } });
      } catch (error) {
        if (error instanceof AppError && error.kind === 'offline') return setView({ name: 'offline' });
        fail(error);
      }
    },
    [api, fail, flush, learnRuleSet, show],
  );

  // A screening left open on this phone (a reload, a dropped connection) carries on where it was.
  useEffect(() => {
    if (saved) void reload(saved).catch(fail);
  }, []);

  // Answers kept while offline go as soon as the network is back, and every few seconds meanwhile.
  useEffect(() => {
    if (view.name !== 'offline' || !session) return;
    const retry = () => {
      setNotice(t('offline.sending'));
      void reload(session).catch(fail);
    };
    window.addEventListener('online', retry);
    const timer = setInterval(() => {
      if (navigator.onLine) retry();
    }, RETRY_PENDING_MS);
    return () => {
      window.removeEventListener('online', retry);
      clearInterval(timer);
    };
  }, [view.name, session, reload, fail, t]);

  const start = async () => {
    setBusy(true);
    setView({ name: 'loading' });
    try {
      const screening = await api.call(() => api.client.POST('/api/v1/screenings', { body: { mode: 'self', language }, ...idempotent() }));
      const base: Session = { screeningId: screening.id, language, resumeCode: screening.resumeCode ?? null, questions: {} };
      void learnRuleSet(screening, base).catch(() => undefined);
      show(screening, base);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const startOperator = async (input: OperatorStart) => {
    setBusy(true);
    setView({ name: 'loading' });
    try {
      const body = { mode: 'operator' as const, language: input.language, channel: input.channel, ...(input.territory ? { territory: input.territory } : {}) };
      const screening = await api.call(() => api.client.POST('/api/v1/screenings', { body, ...idempotent() }));
      const base: Session = { screeningId: screening.id, language: input.language, resumeCode: screening.resumeCode ?? null, questions: {}, mode: 'operator' };
      void learnRuleSet(screening, base).catch(() => undefined);
      show(screening, base);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const signInWithIssuer = async () => {
    if (!oidc) return;
    setBusy(true);
    try {
      await beginSignIn(oidc);
    } catch {
      setView({ name: 'signin', refused: false, failure: 'operator.oidcFailed' });
      setBusy(false);
    }
  };

  const signOut = () => {
    const idToken = operator?.idToken;
    setOperator(undefined);
    setSession(undefined);
    setView({ name: 'welcome' });
    if (oidc) endSession(oidc, idToken).catch(() => undefined);
  };

  const signIn = async (token: string) => {
    setBusy(true);
    try {
      const check = createApi({ language, token });
      await check.call(() => check.client.GET('/api/v1/follow-ups', {}));
      setOperator({ token, organisation: organisationOf(token) ?? '' });
      setView({ name: 'operator' });
    } catch (error) {
      if (error instanceof AppError && (error.status === 401 || error.status === 403)) setView({ name: 'signin', refused: true });
      else fail(error);
    } finally {
      setBusy(false);
    }
  };

  const resume = async (code: string) => {
    setBusy(true);
    setView({ name: 'loading' });
    try {
      const resumeCode = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
      const screening = await api.call(() => api.client.GET('/api/v1/screenings/by-code/{resumeCode}', { params: { path: { resumeCode } } }));
      const lang = isLanguage(screening.language) ? screening.language : language;
      setLanguage(lang);
      const base: Session = { screeningId: screening.id, language: lang, resumeCode, questions: {} };
      const known = await learnRuleSet(screening, base);
      show(screening, { ...base, questions: known });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const answer = async (questionId: string, value: AnswerValue, change: boolean) => {
    if (!session) return;
    const p: PendingAnswer = { screeningId: session.screeningId, questionId, value, change, key: newIdempotencyKey() };
    store.addPending(p);
    setBusy(true);
    setFormError(undefined);
    try {
      const screening = await send(p);
      store.removePending(p.key);
      if (change && screening.droppedAnswers && screening.droppedAnswers.length > 0) {
        show(screening, session);
        setNotice(t('change.dropped'));
      } else show(screening, session);
    } catch (error) {
      if (error instanceof AppError && (error.kind === 'offline' || error.kind === 'timeout')) {
        setView({ name: 'offline' });
      } else if (error instanceof AppError && error.status === 401 && operator) {
        fail(error);
      } else {
        store.removePending(p.key);
        if (error instanceof AppError && error.kind === 'refused' && error.status === 400) {
          const issue = error.body?.error.details?.map((d) => d.issue).join('; ') ?? '';
          const earlier = error.messageKey === 'error.contradiction' ? contradictedAnswers(error.body) : [];
          const answers = earlier.map((id) => session.questions[id]?.label ?? id).join('; ');
          setFormError(t(error.messageKey, { issue, answers }));
          setContradiction(earlier);
        } else if (error instanceof AppError && error.body?.error.code === 'SCREENING_COMPLETED') {
          await reload(session);
        } else fail(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const finish = async (screening: Screening) => {
    setBusy(true);
    try {
      const done = await api.call(() => api.client.POST('/api/v1/screenings/{id}/complete', { params: { path: { id: screening.id } }, ...idempotent() }));
      setView({ name: 'outcome', screening: done });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  /** Every handler catches its own failures; this only keeps an unexpected one from passing unseen. */
  const run = (work: Promise<void>): void => {
    work.catch(fail);
  };

  const restart = () => {
    setSession(undefined);
    setQuestionCount(undefined);
    setNotice(undefined);
    setView(operator ? { name: 'operator' } : { name: 'welcome' });
  };

  const previous = (screening: Screening) => screening.answers[screening.answers.length - 1]?.questionId;

  let body: preact.ComponentChildren;
  switch (view.name) {
    case 'welcome':
      body = (
        <Welcome
          t={t}
          language={language}
          unreviewed={!catalogue.reviewed}
          busy={busy}
          onLanguage={setLanguage}
          onStart={() => run(start())}
          onResume={(code) => run(resume(code))}
          onOperator={() => setView({ name: 'signin', refused: false })}
        />
      );
      break;
    case 'signin':
      body = (
        <SignIn
          t={t}
          busy={busy}
          oidc={oidc}
          refused={view.refused}
          {...(view.failure ? { failure: view.failure } : {})}
          onSignIn={(token) => run(signIn(token))}
          onIssuer={() => run(signInWithIssuer())}
          onCancel={restart}
        />
      );
      break;
    case 'operator':
      body = operator ? (
        <OperatorHome
          t={t}
          api={api}
          operator={operator}
          busy={busy}
          today={romeToday()}
          onStart={(input) => run(startOperator(input))}
          onSignOut={signOut}
          onExpired={expire}
        />
      ) : (
        <SignIn
          t={t}
          busy={busy}
          oidc={oidc}
          refused={false}
          onSignIn={(token) => run(signIn(token))}
          onIssuer={() => run(signInWithIssuer())}
          onCancel={restart}
        />
      );
      break;
    case 'loading':
      body = <Heading>{t('wait.loading')}</Heading>;
      break;
    case 'question': {
      const { screening } = view;
      const q = screening.nextQuestion as Question;
      const n = screening.answers.length + 1;
      const back = previous(screening);
      body = (
        <>
          <p class="progress-text" id="progress">
            {questionCount ? t('question.progress', { n, total: Math.max(questionCount, n) }) : t('question.progressShort', { n })}
          </p>
          {questionCount ? <progress max={Math.max(questionCount, n)} value={n - 1} aria-labelledby="progress" /> : null}
          <Heading>{t('question.progressShort', { n })}</Heading>
          <QuestionForm
            t={t}
            question={q}
            busy={busy}
            error={formError}
            submitLabel={t('question.next')}
            onAnswer={(value) => run(answer(q.id, value, false))}
            secondary={
              <>
                {back ? (
                  <button
                    type="button"
                    class="secondary"
                    disabled={busy}
                    data-action="back"
                    onClick={() => setView({ name: 'change', screening, questionId: back })}
                  >
                    {t('question.back')}
                  </button>
                ) : null}
                {screening.answers.length > 0 ? (
                  <button type="button" class="link" data-action="review" onClick={() => setView({ name: 'answers', screening })}>
                    {t('question.review')}
                  </button>
                ) : null}
                {screening.answers.length > 0 ? (
                  <button type="button" class="link" data-action="finish" disabled={busy} onClick={() => run(finish(screening))}>
                    {t('question.finishNow')}
                  </button>
                ) : null}
              </>
            }
          />
          {contradiction.length > 0 ? (
            <AnswerItems
              t={t}
              screening={screening}
              questions={session?.questions ?? {}}
              only={contradiction}
              onChange={(questionId) => setView({ name: 'change', screening, questionId })}
            />
          ) : null}
          {session?.resumeCode && screening.answers.length < 3 ? <ResumeCode t={t} code={session.resumeCode} /> : null}
        </>
      );
      break;
    }
    case 'answers':
      body = (
        <AnswerList
          t={t}
          screening={view.screening}
          questions={session?.questions ?? {}}
          onChange={(questionId) => setView({ name: 'change', screening: view.screening, questionId })}
          onContinue={() => session && show(view.screening, session)}
        />
      );
      break;
    case 'change': {
      const { screening, questionId } = view;
      const q = session?.questions[questionId];
      const given = screening.answers.find((a) => a.questionId === questionId);
      body = q ? (
        <>
          <Heading>{t('change.heading')}</Heading>
          {given ? (
            <p class="small">
              {q.label}: <strong>{describeValue(t, q, given.value)}</strong>
            </p>
          ) : null}
          <QuestionForm
            t={t}
            question={q}
            initial={given?.value}
            busy={busy}
            error={formError}
            submitLabel={t('change.save')}
            onAnswer={(value) => run(answer(questionId, value, true))}
            secondary={
              <button type="button" class="secondary" data-action="cancel" onClick={() => session && show(screening, session)}>
                {t('change.cancel')}
              </button>
            }
          />
        </>
      ) : (
        <Notice kind="error" text={t('error.unknown')} />
      );
      break;
    }
    case 'outcome':
      body = (
        <>
          <Outcome
            t={t}
            screening={view.screening}
            language={session?.language ?? language}
            locale={localeOf(language)}
            resumeCode={session?.resumeCode ?? null}
            onRestart={restart}
          />
          {operator && session?.mode === 'operator' ? <FollowUpForm t={t} api={api} screening={view.screening} onDone={restart} /> : null}
        </>
      );
      break;
    case 'offline':
      body = (
        <>
          <Heading>{t('error.title')}</Heading>
          <Notice text={t('offline.saved')} />
          <button type="button" class="primary" onClick={() => session && void reload(session).catch(fail)}>
            {t('error.retry')}
          </button>
        </>
      );
      break;
    case 'error':
      body = (
        <>
          <Heading>{t('error.title')}</Heading>
          <Notice kind="error" text={t(view.message, { issue: view.detail ?? '' })} />
          <div class="actions">
            {session ? (
              <button type="button" class="primary" onClick={() => void reload(session).catch(fail)}>
                {t('error.retry')}
              </button>
            ) : null}
            <button type="button" class="secondary" onClick={restart}>
              {t('error.home')}
            </button>
          </div>
        </>
      );
      break;
  }

  const screenKey = view.name === 'question' ? `question-${view.screening.nextQuestion?.id}` : view.name === 'change' ? `change-${view.questionId}` : view.name;
  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="brand">
        <span>{t('app.brand')}</span>
        {operator ? <span class="small-inverse">{t('operator.organisation', { organisation: operator.organisation })}</span> : null}
      </header>
      <main
        id="main"
        aria-busy={busy || view.name === 'loading'}
        data-screen={view.name}
        data-answered={'screening' in view ? view.screening.answers.length : undefined}
      >
        {notice ? <Notice text={notice} /> : null}
        {/* A new screen is a new tree, so that its heading takes the focus (Heading). */}
        <div key={screenKey}>{body}</div>
      </main>
    </>
  );
}
