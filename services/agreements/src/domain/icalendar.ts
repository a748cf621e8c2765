import { type Language, ROME_TIME_ZONE, type Text, textIn } from '@inps/kernel';
import { DateTime } from 'luxon';
import type { OutreachEvent, OutreachEventStatus } from './outreach-event';
import { VENUE_LABELS } from './outreach-event';

/**
 * An iCalendar (RFC 5545) feed of outreach events, for the calendars of INPS staff and partners.
 * The output depends only on the events (DTSTAMP is each event's last revision, which RFC 5545
 * §3.8.7.2 allows when no METHOD is given), so an unchanged calendar yields identical bytes and
 * can be cached by its hash.
 */

export type CalendarEvent = Pick<
  OutreachEvent,
  'id' | 'status' | 'venueType' | 'venueName' | 'address' | 'startsAt' | 'endsAt' | 'sequence' | 'updatedAt' | 'title' | 'description' | 'cancellationReason'
>;

export interface CalendarOptions {
  readonly language: Language;
  /** `europe-rome`: local times with a VTIMEZONE; `utc`: UTC times, for clients without time-zone support. */
  readonly timeFormat?: 'europe-rome' | 'utc';
  /** Right-hand side of every UID; keep it fixed forever or subscribers will see duplicates. */
  readonly uidDomain?: string;
  readonly calendarName?: string;
}

const DEFAULT_UID_DOMAIN = 'agreements.inps-per-tutti';

const CRLF = '\r\n';
const MAX_OCTETS = 75;

const STATUS_MAP: { readonly [K in OutreachEventStatus]: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED' } = {
  PLANNED: 'TENTATIVE',
  COMMUNICATED: 'TENTATIVE',
  CONFIRMED: 'CONFIRMED',
  HELD: 'CONFIRMED',
  CANCELLED: 'CANCELLED',
};

/** The EU rule in force for Rome since 1996 (last Sunday of March and of October). */
const VTIMEZONE_EUROPE_ROME = [
  'BEGIN:VTIMEZONE',
  `TZID:${ROME_TIME_ZONE}`,
  `X-LIC-LOCATION:${ROME_TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19810329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** TEXT escaping (RFC 5545 §3.3.11); control characters other than tab are not allowed at all. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ''); // eslint-disable-line no-control-regex
}

function utf8Length(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1). Breaks fall between characters, never inside
 * a multi-octet UTF-8 sequence; each continuation starts with one space, which counts.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const char of line) {
    const size = utf8Length(char);
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function utcStamp(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function romeStamp(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: ROME_TIME_ZONE }).toFormat("yyyyMMdd'T'HHmmss");
}

function dateProperty(name: string, instant: Date, format: 'europe-rome' | 'utc'): string {
  return format === 'utc' ? `${name}:${utcStamp(instant)}` : `${name};TZID=${ROME_TIME_ZONE}:${romeStamp(instant)}`;
}

const CANCELLED_PREFIX: Text = { it: '[Annullato] ', en: '[Cancelled] ' };
const PROGRAMME = 'INPS per tutti';

function summaryOf(event: CalendarEvent, language: Language): string {
  const base = event.title?.[language] ?? `${VENUE_LABELS[event.venueType][language]} – ${event.venueName}`;
  const prefix = event.status === 'CANCELLED' ? textIn(CANCELLED_PREFIX, language) : '';
  return `${prefix}${PROGRAMME}: ${base}`;
}

function descriptionOf(event: CalendarEvent, language: Language): string | null {
  const parts: string[] = [];
  if (event.description?.[language]) parts.push(event.description[language]);
  if (event.status === 'CANCELLED' && event.cancellationReason) {
    parts.push(`${language === 'it' ? "Motivo dell'annullamento" : 'Reason for cancellation'}: ${event.cancellationReason}`);
  }
  return parts.length > 0 ? parts.join('\n\n') : null;
}

function eventLines(event: CalendarEvent, options: Required<Omit<CalendarOptions, 'calendarName'>>): string[] {
  const { language, timeFormat, uidDomain } = options;
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.id}@${uidDomain}`,
    `DTSTAMP:${utcStamp(event.updatedAt)}`,
    `LAST-MODIFIED:${utcStamp(event.updatedAt)}`,
    dateProperty('DTSTART', event.startsAt, timeFormat),
    dateProperty('DTEND', event.endsAt, timeFormat),
    `SUMMARY;LANGUAGE=${language}:${escapeText(summaryOf(event, language))}`,
    `LOCATION:${escapeText(event.address ? `${event.venueName}, ${event.address}` : event.venueName)}`,
  ];
  const description = descriptionOf(event, language);
  if (description) lines.push(`DESCRIPTION;LANGUAGE=${language}:${escapeText(description)}`);
  lines.push(
    `CATEGORIES:${escapeText(textIn(VENUE_LABELS[event.venueType], language))}`,
    `STATUS:${STATUS_MAP[event.status]}`,
    `SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`,
    `TRANSP:${event.status === 'CANCELLED' ? 'TRANSPARENT' : 'OPAQUE'}`,
    'END:VEVENT',
  );
  return lines;
}

export function buildICalendar(events: readonly CalendarEvent[], options: CalendarOptions): string {
  const resolved = {
    language: options.language,
    timeFormat: options.timeFormat ?? 'europe-rome',
    uidDomain: options.uidDomain ?? DEFAULT_UID_DOMAIN,
  } as const;
  const name = options.calendarName ?? (options.language === 'it' ? `${PROGRAMME} – Calendario degli eventi` : `${PROGRAMME} – Outreach events`);
  const sorted = [...events].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//INPS//${PROGRAMME} agreements//${options.language.toUpperCase()}`,
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(name)}`,
    ...(resolved.timeFormat === 'europe-rome' ? [`X-WR-TIMEZONE:${ROME_TIME_ZONE}`, ...VTIMEZONE_EUROPE_ROME] : []),
    ...sorted.flatMap((e) => eventLines(e, resolved)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
