import { useEffect, useState } from 'preact/hooks';
import type { Schema } from '@inps/client';
import type { Language } from '@inps/kernel/languages';
import { AppError, type Api, type Screening } from './api';
import { LANGUAGES, type MessageKey, type Translate } from './i18n';
import type { OidcSettings } from './oidc';
import { Heading, Notice } from './screens';

/** An operator signed in on this tab: the token stays in the tab (sessionStorage), never on the phone for good. */
export interface Operator {
  readonly token: string;
  readonly organisation: string;
  /** From the issuer's sign-in: shown to it again at sign-out, so that it ends that session too. */
  readonly idToken?: string;
}

const OPERATOR = 'inps.web.operator';

export const operatorStore = {
  get(): Operator | undefined {
    try {
      const raw = sessionStorage.getItem(OPERATOR);
      return raw ? (JSON.parse(raw) as Operator) : undefined;
    } catch {
      return undefined;
    }
  },
  set(operator: Operator | undefined): void {
    if (operator) sessionStorage.setItem(OPERATOR, JSON.stringify(operator));
    else sessionStorage.removeItem(OPERATOR);
  },
};

/** The organisation named in the token, to show it; the API checks the token itself on every call. */
export function organisationOf(token: string): string | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { org?: unknown };
    return typeof claims.org === 'string' ? claims.org : undefined;
  } catch {
    return undefined;
  }
}

export function SignIn(props: {
  t: Translate;
  busy: boolean;
  /** The organisation's issuer; null: the development token is pasted; undefined: not known yet. */
  oidc: OidcSettings | null | undefined;
  refused: boolean;
  failure?: MessageKey;
  onSignIn: (token: string) => void;
  onIssuer: () => void;
  onCancel: () => void;
}) {
  const { t } = props;
  const [token, setToken] = useState('');
  if (props.oidc === undefined) return <Heading>{t('operator.signIn')}</Heading>;
  if (props.oidc)
    return (
      <>
        <Heading>{t('operator.signIn')}</Heading>
        <p>{t('operator.oidcHelp')}</p>
        {props.failure ? <Notice kind="error" text={t(props.failure)} /> : null}
        <div class="actions">
          <button type="button" class="primary" disabled={props.busy} onClick={props.onIssuer} data-action="oidc-sign-in">
            {t('operator.oidcSignIn')}
          </button>
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t('error.home')}
          </button>
        </div>
      </>
    );
  return (
    <>
      <Heading>{t('operator.signIn')}</Heading>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim() !== '') props.onSignIn(token.trim());
        }}
      >
        <label for="operator-token">{t('operator.token')}</label>
        <p id="operator-token-help" class="help">
          {t('operator.signInHelp')}
        </p>
        <textarea
          id="operator-token"
          name="token"
          rows={4}
          autocomplete="off"
          spellcheck={false}
          aria-describedby="operator-token-help"
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        {props.refused ? <Notice kind="error" text={t('operator.refused')} /> : null}
        {props.failure ? <Notice kind="error" text={t(props.failure)} /> : null}
        <div class="actions">
          <button type="submit" class="primary" disabled={props.busy} data-action="sign-in">
            {t('operator.submit')}
          </button>
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t('error.home')}
          </button>
        </div>
      </form>
    </>
  );
}

const expired = (error: unknown): error is AppError => error instanceof AppError && error.status === 401;

const CHANNELS = ['desk', 'mobile_unit', 'gazebo', 'phone'] as const;
type Channel = (typeof CHANNELS)[number];

export interface OperatorStart {
  readonly territory?: string;
  readonly channel: Channel;
  readonly language: Language;
}

export function OperatorHome(props: {
  t: Translate;
  api: Api;
  operator: Operator;
  busy: boolean;
  today: string;
  onStart: (start: OperatorStart) => void;
  onSignOut: () => void;
  /** A call refused for an expired sign-in (401): the operator is asked to sign in again. */
  onExpired: () => void;
}) {
  const { t } = props;
  const [territory, setTerritory] = useState('');
  const [channel, setChannel] = useState<Channel>('desk');
  const [language, setLanguage] = useState<Language>('it');
  const [followUps, setFollowUps] = useState<Schema<'FollowUpView'>[] | undefined>();
  const [screenings, setScreenings] = useState<Schema<'ScreeningPage'> | undefined>();
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    // The API's day is today in Rome, as the follow-ups' `today`; one page is the day of a busy desk.
    props.api
      .call(() => props.api.client.GET('/api/v1/screenings', { params: { query: { limit: 200 } } }))
      .then(setScreenings)
      .catch((error: unknown) => (expired(error) ? props.onExpired() : setScreenings(undefined)));
  }, [props.api, refresh]);
  useEffect(() => {
    props.api
      .call(() => props.api.client.GET('/api/v1/follow-ups', {}))
      .then(setFollowUps)
      .catch((error: unknown) => (expired(error) ? props.onExpired() : setFollowUps([])));
  }, [props.api, refresh]);
  const today = followUps?.filter((f) => f.day === props.today);
  // Applications filed earlier (any day of the semester) whose outcome is not known yet: recorded here when the person comes back.
  const pending = (followUps ?? []).flatMap((f) =>
    f.help
      .filter((h) => h.type === 'APPLICATION' && h.benefitId && (h.result ?? 'PENDING') === 'PENDING')
      .map((h) => ({ followUp: f, benefitId: h.benefitId as string })),
  );
  const record = (id: string, benefitId: string, result: 'GRANTED' | 'REJECTED') => {
    props.api
      .call(() => props.api.client.PATCH('/api/v1/follow-ups/{id}', { params: { path: { id } }, body: { benefitId, result, resultDate: props.today } }))
      .then(() => setRefresh((n) => n + 1))
      .catch((error: unknown) => (expired(error) ? props.onExpired() : setRefresh((n) => n + 1)));
  };
  return (
    <>
      <Heading>{t('operator.newScreening')}</Heading>
      <p data-testid="organisation">{t('operator.organisation', { organisation: props.operator.organisation })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.onStart({ channel, language, ...(territory.trim() ? { territory: territory.trim() } : {}) });
        }}
      >
        <label for="territory">{t('operator.territory')}</label>
        <input
          id="territory"
          name="territory"
          inputMode="numeric"
          pattern="[0-9]{6}"
          dir="ltr"
          value={territory}
          onInput={(e) => setTerritory(e.currentTarget.value)}
        />
        <fieldset>
          <legend>{t('operator.channel')}</legend>
          {CHANNELS.map((c) => (
            <label key={c} class="choice">
              <input type="radio" name="channel" value={c} checked={channel === c} onChange={() => setChannel(c)} />
              <span>{t(`operator.channel.${c}` as MessageKey)}</span>
            </label>
          ))}
        </fieldset>
        <label for="person-language">{t('operator.language')}</label>
        <select id="person-language" name="language" value={language} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.name}
            </option>
          ))}
        </select>
        <div class="actions">
          <button type="submit" class="primary" disabled={props.busy} data-action="operator-start">
            {t('operator.start')}
          </button>
          <button type="button" class="secondary" onClick={props.onSignOut} data-action="sign-out">
            {t('operator.signOut')}
          </button>
        </div>
      </form>
      <h2>{t('operator.screenings')}</h2>
      {screenings === undefined ? null : screenings.items.length === 0 ? (
        <p class="small">{t('operator.screeningsNone')}</p>
      ) : (
        <ul class="today" data-testid="screenings">
          {screenings.items.map((s) => (
            <li key={s.id} data-screening={s.id} data-status={s.status}>
              <span>
                {t('operator.screening', {
                  channel: (CHANNELS as readonly string[]).includes(s.channel) ? t(`operator.channel.${s.channel}` as MessageKey) : s.channel,
                  territory: s.territory ?? t('operator.noTerritory'),
                  language: LANGUAGES.find((l) => l.code === s.language)?.name ?? s.language,
                  answered: s.answeredCount,
                })}
              </span>{' '}
              <span class="small">
                {s.status === 'COMPLETED'
                  ? t('operator.screeningOutcome', { likely: s.likelyCount ?? 0, undetermined: s.undeterminedCount ?? 0 })
                  : t(s.status === 'IN_PROGRESS' ? 'operator.screeningOpen' : 'operator.screeningClosed')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {screenings && screenings.total > screenings.items.length ? (
        <p class="small">{t('operator.screeningsMore', { count: screenings.total - screenings.items.length })}</p>
      ) : null}
      <h2>{t('operator.today')}</h2>
      {today === undefined ? null : today.length === 0 ? (
        <p class="small">{t('operator.todayNone')}</p>
      ) : (
        <ul class="today" data-testid="today">
          {today.map((f) => (
            <li key={f.id}>{[...f.needs.map((n) => t(`need.${n}` as MessageKey)), ...f.help.map((h) => t(`help.${h.type}` as MessageKey))].join(', ')}</li>
          ))}
        </ul>
      )}
      <h2>{t('operator.pending')}</h2>
      {followUps === undefined ? null : pending.length === 0 ? (
        <p class="small">{t('operator.pendingNone')}</p>
      ) : (
        <ul class="pending" data-testid="pending">
          {pending.map(({ followUp, benefitId }) => (
            <li key={`${followUp.id}-${benefitId}`} data-application={`${followUp.screeningId}:${benefitId}`}>
              <span>{t('operator.application', { benefit: benefitId, day: followUp.day })}</span>
              <span class="actions">
                <button type="button" class="secondary" data-action="granted" onClick={() => record(followUp.id, benefitId, 'GRANTED')}>
                  {t('operator.granted')}
                </button>
                <button type="button" class="secondary" data-action="rejected" onClick={() => record(followUp.id, benefitId, 'REJECTED')}>
                  {t('operator.rejected')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const NEEDS = ['INCOME_SUPPORT', 'PENSION', 'CIVIL_INVALIDITY', 'DOCUMENTS_RESIDENCE', 'DIGITAL_IDENTITY', 'ISEE', 'HEALTH', 'HOUSING', 'WORK'] as const;
const HELP = ['DIGITAL_IDENTITY', 'ISEE', 'FICTITIOUS_ADDRESS', 'REFERRAL_COMUNE', 'REFERRAL_PATRONATO', 'REFERRAL_CAF'] as const;
type Need = (typeof NEEDS)[number];
type Help = Schema<'HelpDto'>;

/** What the operator did for the person after the screening: needs, help given, applications filed (their outcome comes later). */
export function FollowUpForm(props: { t: Translate; api: Api; screening: Screening; onDone: () => void }) {
  const { t } = props;
  const [needs, setNeeds] = useState<Need[]>([]);
  const [help, setHelp] = useState<(typeof HELP)[number][]>([]);
  const [applied, setApplied] = useState<string[]>([]);
  const [state, setState] = useState<'editing' | 'saving' | 'saved' | 'notYet' | 'failed'>('editing');
  const toggle = <T,>(list: T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  const benefits = (props.screening.outcome?.benefits ?? []).filter((b) => b.status !== 'NOT_ELIGIBLE');
  const save = (e: Event) => {
    e.preventDefault();
    setState('saving');
    const body = {
      screeningId: props.screening.id,
      needs,
      help: [...help.map((type): Help => ({ type })), ...applied.map((benefitId): Help => ({ type: 'APPLICATION', benefitId }))],
    };
    props.api
      .call(() => props.api.client.POST('/api/v1/follow-ups', { body }))
      .then(() => setState('saved'))
      .catch((error: unknown) => setState((error as { status?: number }).status === 404 ? 'notYet' : 'failed'));
  };
  if (state === 'saved')
    return (
      <section aria-labelledby="follow-up">
        <h2 id="follow-up">{t('operator.followUp')}</h2>
        <Notice text={t('operator.followUpSaved')} />
        <button type="button" class="primary" onClick={props.onDone} data-action="operator-home">
          {t('operator.home')}
        </button>
      </section>
    );
  return (
    <form onSubmit={save} aria-labelledby="follow-up" class="follow-up">
      <h2 id="follow-up">{t('operator.followUp')}</h2>
      <fieldset>
        <legend>{t('operator.needs')}</legend>
        {NEEDS.map((n) => (
          <label key={n} class="choice">
            <input type="checkbox" name="needs" value={n} checked={needs.includes(n)} onChange={() => setNeeds(toggle(needs, n))} />
            <span>{t(`need.${n}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('operator.helpGiven')}</legend>
        {HELP.map((h) => (
          <label key={h} class="choice">
            <input type="checkbox" name="help" value={h} checked={help.includes(h)} onChange={() => setHelp(toggle(help, h))} />
            <span>{t(`help.${h}`)}</span>
          </label>
        ))}
      </fieldset>
      {benefits.length > 0 ? (
        <fieldset>
          <legend>{t('operator.appliedFor')}</legend>
          {benefits.map((b) => (
            <label key={b.id} class="choice">
              <input type="checkbox" name="applied" value={b.id} checked={applied.includes(b.id)} onChange={() => setApplied(toggle(applied, b.id))} />
              <span dir="auto">{b.name}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {state === 'notYet' ? <Notice kind="error" text={t('operator.followUpNotYet')} /> : null}
      {state === 'failed' ? <Notice kind="error" text={t('error.unknown')} /> : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={state === 'saving'} data-action="follow-up-save">
          {t('operator.followUpSave')}
        </button>
      </div>
    </form>
  );
}
