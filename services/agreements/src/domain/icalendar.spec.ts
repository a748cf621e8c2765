import fc from 'fast-check';
import type { CalendarEvent } from './icalendar';
import { buildICalendar, escapeText, foldLine } from './icalendar';
import { at } from './testing';

const base: CalendarEvent = {
  id: '7d4c2f1e-0000-4000-8000-000000000001',
  status: 'CONFIRMED',
  venueType: 'SOUP_KITCHEN',
  venueName: 'Mensa Caritas "Don Luigi Di Liegro"',
  address: 'Via Marsala 109, 00185 Roma',
  startsAt: at('2026-03-29T10:00:00+02:00'),
  endsAt: at('2026-03-29T13:00:00+02:00'),
  sequence: 2,
  updatedAt: at('2026-03-10T12:34:56+01:00'),
};

const second: CalendarEvent = {
  ...base,
  id: '7d4c2f1e-0000-4000-8000-000000000002',
  status: 'PLANNED',
  venueType: 'STATION',
  venueName: 'Stazione Termini',
  address: null,
  startsAt: at('2026-10-25T09:00:00+01:00'),
  endsAt: at('2026-10-25T12:00:00+01:00'),
  sequence: 0,
};

function unfold(text: string): string[] {
  return text.replace(/\r\n /g, '').split('\r\n').slice(0, -1);
}

function prop(lines: string[], name: string): string[] {
  return lines.filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
}

/** The lines inside VEVENT blocks only. */
function eventLines(lines: string[]): string[] {
  let inside = false;
  return lines.filter((l) => {
    if (l === 'BEGIN:VEVENT') inside = true;
    const keep = inside;
    if (l === 'END:VEVENT') inside = false;
    return keep;
  });
}

/**
 * Reads a local Rome time back into UTC with the two rules the VTIMEZONE publishes (last Sunday of
 * March at 02:00 → +02:00, last Sunday of October at 03:00 → +01:00), so that what a calendar
 * client computes is checked against the instant we started from. Returns both candidates in the
 * autumn hour that occurs twice.
 */
function utcFromVtimezoneRules(local: string): number[] {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(local);
  if (!m) throw new Error(local);
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, se);
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(y, month, 0));
    return last.getUTCDate() - last.getUTCDay();
  };
  const springAt = Date.UTC(y, 2, lastSunday(3), 3);
  const autumnOverlapFrom = Date.UTC(y, 9, lastSunday(10), 2);
  const autumnAt = Date.UTC(y, 9, lastSunday(10), 3);
  const HOUR = 3_600_000;
  if (wall >= springAt && wall < autumnOverlapFrom) return [wall - 2 * HOUR];
  if (wall >= autumnOverlapFrom && wall < autumnAt) return [wall - 2 * HOUR, wall - HOUR];
  return [wall - HOUR];
}

describe('iCalendar feed (RFC 5545)', () => {
  const feed = buildICalendar([second, base], { language: 'it' });
  const lines = unfold(feed);

  it('uses CRLF line ends only, and ends with one', () => {
    expect(feed.endsWith('\r\n')).toBe(true);
    expect(feed.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(prop(lines, 'PRODID')).toHaveLength(1);
  });

  it('folds at 75 octets without splitting characters', () => {
    const long: CalendarEvent = {
      ...base,
      description: { it: "Sportello per l'identità digitale (SPID/CIE), l'ISEE e le domande: ".repeat(6) + '€ è ò à 😀', en: 'x' },
    };
    const text = buildICalendar([long], { language: 'it' });
    const physical = text.split('\r\n').slice(0, -1);
    expect(physical.some((l) => l.startsWith(' '))).toBe(true);
    for (const line of physical) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
    }
    expect(prop(unfold(text), 'DESCRIPTION')[0]).toContain('€ è ò à 😀');
  });

  it('escapes backslashes, semicolons, commas and newlines in text', () => {
    expect(escapeText('a, b; c\\ d\nnuova riga\r\nancora')).toBe('a\\, b\\; c\\\\ d\\nnuova riga\\nancora');
    expect(escapeText('tab\tok\u0007bell')).toBe('tab\tokbell');
    expect(prop(lines, 'LOCATION')).toContain('LOCATION:Mensa Caritas "Don Luigi Di Liegro"\\, Via Marsala 109\\, 00185 Roma');
  });

  it('gives each event a stable UID, a DTSTAMP, STATUS and SEQUENCE', () => {
    expect(prop(lines, 'UID')).toEqual([`UID:${base.id}@agreements.inps-per-tutti`, `UID:${second.id}@agreements.inps-per-tutti`]);
    expect(prop(lines, 'DTSTAMP')).toEqual(['DTSTAMP:20260310T113456Z', 'DTSTAMP:20260310T113456Z']);
    expect(prop(lines, 'STATUS')).toEqual(['STATUS:CONFIRMED', 'STATUS:TENTATIVE']);
    expect(prop(lines, 'SEQUENCE')).toEqual(['SEQUENCE:2', 'SEQUENCE:0']);
    expect(buildICalendar([base, second], { language: 'it' })).toBe(feed);
    expect(buildICalendar([base], { language: 'it', uidDomain: 'example.org' })).toContain(`UID:${base.id}@example.org`);
  });

  it('maps every status', () => {
    const statuses = ['PLANNED', 'COMMUNICATED', 'CONFIRMED', 'HELD', 'CANCELLED'] as const;
    const mapped = statuses.map((status) => prop(unfold(buildICalendar([{ ...base, status }], { language: 'en' })), 'STATUS')[0]);
    expect(mapped).toEqual(['STATUS:TENTATIVE', 'STATUS:TENTATIVE', 'STATUS:CONFIRMED', 'STATUS:CONFIRMED', 'STATUS:CANCELLED']);
  });

  it('writes Rome local times with a VTIMEZONE, on both sides of the changes', () => {
    const events = eventLines(lines);
    expect(prop(events, 'DTSTART')).toEqual(['DTSTART;TZID=Europe/Rome:20260329T100000', 'DTSTART;TZID=Europe/Rome:20261025T090000']);
    expect(prop(events, 'DTEND')).toEqual(['DTEND;TZID=Europe/Rome:20260329T130000', 'DTEND;TZID=Europe/Rome:20261025T120000']);
    const tz = lines.slice(lines.indexOf('BEGIN:VTIMEZONE'), lines.indexOf('END:VTIMEZONE') + 1);
    expect(tz).toEqual(
      expect.arrayContaining([
        'TZID:Europe/Rome',
        'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
        'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
        'TZOFFSETTO:+0200',
        'TZOFFSETTO:+0100',
      ]),
    );
    expect(lines.indexOf('END:VTIMEZONE')).toBeLessThan(lines.indexOf('BEGIN:VEVENT'));
  });

  it('writes local times that the published VTIMEZONE maps back to the right instant', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2035-12-31T00:00:00Z') }),
          // Either side of the 2026 changes, and both occurrences of 02:30 on 25 October.
          fc.constantFrom(
            ...['2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T02:00:00Z'].map(Date.parse),
          ),
        ),
        (ms) => {
          const instant = new Date(Math.floor(ms / 1000) * 1000);
          const text = unfold(buildICalendar([{ ...base, startsAt: instant, endsAt: new Date(instant.getTime() + 3_600_000) }], { language: 'it' }));
          const local = prop(eventLines(text), 'DTSTART')[0].split(':')[1];
          expect(utcFromVtimezoneRules(local)).toContain(instant.getTime());
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('writes UTC times without a VTIMEZONE when asked', () => {
    const utc = unfold(buildICalendar([base, second], { language: 'en', timeFormat: 'utc' }));
    expect(prop(eventLines(utc), 'DTSTART')).toEqual(['DTSTART:20260329T080000Z', 'DTSTART:20261025T080000Z']);
    expect(utc).not.toContain('BEGIN:VTIMEZONE');
  });

  it('summarises in Italian or English', () => {
    expect(prop(lines, 'SUMMARY')[0]).toBe('SUMMARY;LANGUAGE=it:INPS per tutti: Mensa – Mensa Caritas "Don Luigi Di Liegro"');
    const en = unfold(buildICalendar([{ ...second, status: 'CANCELLED', cancellationReason: 'Sciopero; treni fermi' }], { language: 'en' }));
    expect(prop(en, 'SUMMARY')[0]).toBe('SUMMARY;LANGUAGE=en:[Cancelled] INPS per tutti: Station – Stazione Termini');
    expect(prop(en, 'DESCRIPTION')[0]).toBe('DESCRIPTION;LANGUAGE=en:Reason for cancellation: Sciopero\\; treni fermi');
    expect(prop(en, 'X-WR-CALNAME')[0]).toBe('X-WR-CALNAME:INPS per tutti – Outreach events');
  });

  it('produces an empty but valid calendar for no events', () => {
    const empty = unfold(buildICalendar([], { language: 'it' }));
    expect(empty.filter((l) => l.startsWith('BEGIN:'))).toEqual(['BEGIN:VCALENDAR', 'BEGIN:VTIMEZONE', 'BEGIN:DAYLIGHT', 'BEGIN:STANDARD']);
  });

  it('folds any text into lines of at most 75 octets that unfold to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const line = `DESCRIPTION:${escapeText(text)}`;
        const folded = foldLine(line);
        for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(line);
      }),
      { numRuns: 500 },
    );
  });
});
