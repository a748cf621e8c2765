import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CatalogueError, MessageCatalogue } from './message-catalogue';

describe('MessageCatalogue', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'catalogue-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (language: string, body: string): void => writeFileSync(path.join(dir, `${language}.yaml`), body);

  it('answers in the language asked, with its review status, and fills slots', () => {
    write('it', 'language: it\nreviewed: false\nmessages:\n  hello: "Ciao {name}"\n  bye: "Arrivederci"\n');
    write('ro', 'language: ro\nreviewed: false\nmessages:\n  hello: "Salut {name}"\n');
    const catalogue = MessageCatalogue.load(dir, ['it', 'ro']);
    expect(catalogue.text('hello', 'ro', { name: 'A' })).toEqual({ text: 'Salut A', language: 'ro', reviewed: false });
    // Italian is the original: always "reviewed", whatever the file says.
    expect(catalogue.text('hello', 'it', { name: 'A' })).toEqual({ text: 'Ciao A', language: 'it', reviewed: true });
  });

  it('falls back to Italian visibly, and reports the gap', () => {
    write('it', 'language: it\nreviewed: true\nmessages:\n  hello: "Ciao {name}"\n  bye: "Arrivederci"\n');
    write('ro', 'language: ro\nreviewed: true\nmessages:\n  hello: "Salut {nume}"\n  extra: "x"\n');
    const catalogue = MessageCatalogue.load(dir, ['it', 'ro', 'ar']);
    expect(catalogue.text('bye', 'ro')).toEqual({ text: 'Arrivederci', language: 'it', reviewed: true });
    expect(catalogue.problems()).toEqual([
      { language: 'ro', key: 'hello', issue: 'slots differ: {name}' },
      { language: 'ro', key: 'bye', issue: 'missing' },
      { language: 'ro', key: 'extra', issue: 'not in the Italian catalogue' },
      { language: 'ar', issue: 'no catalogue file' },
    ]);
    expect(catalogue.status().map((s) => [s.language, s.present, s.complete])).toEqual([
      ['it', true, true],
      ['ro', true, false],
      ['ar', false, false],
    ]);
  });

  it('throws on an unknown key, a missing Italian file and a malformed file', () => {
    write('it', 'language: it\nreviewed: true\nmessages:\n  hello: "Ciao"\n');
    expect(() => MessageCatalogue.load(dir, ['it']).text('nope', 'it')).toThrow(CatalogueError);
    write('ro', 'language: en\nreviewed: true\nmessages: {}\n');
    expect(() => MessageCatalogue.load(dir, ['it', 'ro'])).toThrow(/language must be "ro"/);
    write('ro', 'language: ro\nreviewed: maybe\nmessages: {}\n');
    expect(() => MessageCatalogue.load(dir, ['it', 'ro'])).toThrow(/reviewed/);
    rmSync(path.join(dir, 'it.yaml'));
    expect(() => MessageCatalogue.load(dir, ['it'])).toThrow(/Italian catalogue is required/);
  });
});
