import { baseConfig, int, jsonObject, optional, port, str, type ServiceConfig } from '@inps/shared';

export const agreementsConfig = baseConfig.extend({
  SERVICE_NAME: str({ default: 'agreements' }),
  PORT: port({ default: 3002 }),
  /** Queue that receives the service's events (consumed by monitoring). */
  EVENTS_QUEUE: str({ default: 'events' }),
  /** Queue of the daily agreement jobs (activation, expiry, warnings). */
  SCHEDULER_QUEUE: str({ default: 'agreements.scheduler' }),
  /** Cron of the daily run, Europe/Rome: shortly after midnight so the new day's changes apply early. */
  SCHEDULER_CRON: str({ default: '5 0 * * *' }),
  /** How many days before the end of an agreement the expiry warning is sent. */
  EXPIRY_WARNING_DAYS: int({ default: 30, min: 1, max: 365 }),
  /** "Congruo anticipo": days before an outreach event by which it counts as communicated in time. */
  EVENT_COMMUNICATION_LEAD_DAYS: int({ default: 15, min: 0, max: 365 }),
  /** Days before the event a mobile unit must be requested (message 3449/2019: 15). */
  MOBILE_UNIT_MIN_LEAD_DAYS: int({ default: 15, min: 1, max: 365 }),
  /** Largest agreement document accepted (scanned signed copies can be large). */
  DOCUMENT_MAX_BYTES: int({ default: 10 * 1024 * 1024, min: 1024, max: 100 * 1024 * 1024 }),
  /**
   * Private JWK (ES256 or RS256, with `kid`) that signs the tokens partner apps get for their API
   * keys; its public half is served at /.well-known/partner-jwks.json for the other services
   * (AUTH_PARTNER_JWKS_URL). Absent in dev mode: the development key. Absent in jwks mode: API keys
   * cannot be exchanged (503).
   */
  PARTNER_TOKEN_SIGNING_JWK: optional(jsonObject()),
  /** Lifetime of a partner-app token; revoking a key takes effect at the latest after this. */
  PARTNER_TOKEN_TTL_SECONDS: int({ default: 900, min: 60, max: 3600 }),
});

export type AgreementsConfig = ServiceConfig<typeof agreementsConfig.fields>;
