import { LANGUAGES } from '@inps/kernel';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findChannelsDir, NationalChannels } from './national-channels';

const channels = NationalChannels.load();

/** A copy of the committed folder with one file changed, to prove the checks can fail. */
function loadChanged(file: string, change: (text: string) => string): NationalChannels {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'channels-'));
  for (const name of fs.readdirSync(findChannelsDir())) fs.copyFileSync(path.join(findChannelsDir(), name), path.join(dir, name));
  fs.writeFileSync(path.join(dir, file), change(fs.readFileSync(path.join(dir, file), 'utf8')));
  try {
    return NationalChannels.load(dir);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
}

describe('guidance/channels, as committed', () => {
  it('is complete in every language of the programme, with the same slots', () => {
    expect(channels.catalogue.problems()).toEqual([]);
    expect(channels.catalogue.status().map((s) => `${s.language}:${s.present}:${s.complete}`)).toEqual(LANGUAGES.map((l) => `${l}:true:true`));
  });

  it('lists the contact centre, the online services, the app, patronati and CAF, with the numbers to call', () => {
    const italian = channels.in('it');
    expect(italian.map((c) => c.id)).toEqual(['contact-centre', 'online-services', 'inps-app', 'patronati', 'caf']);
    expect(italian[0]).toMatchObject({
      kind: 'PHONE',
      contacts: [
        { kind: 'PHONE', value: '803 164', free: true },
        { kind: 'PHONE', value: '06 164 164', free: false },
      ],
      language: 'it',
      reviewed: true,
    });
    expect(italian[1]!.description).toMatch(/SPID.*CIE.*CNS/);
    expect(italian.filter((c) => c.kind === 'IN_PERSON').every((c) => c.free && /gratuitamente/.test(c.description))).toBe(true);
  });

  it('speaks the language asked for, saying it is not reviewed yet', () => {
    const arabic = channels.in('ar');
    expect(arabic.every((c) => c.language === 'ar' && !c.reviewed)).toBe(true);
    expect(arabic[0]!.contacts[0]!.value).toBe('803 164'); // numbers are the same in every language
    expect(channels.venueKind('SOUP_KITCHEN', 'fr')).toBe('Soupe populaire');
    expect(channels.venueKind('A_NEW_KIND', 'it')).toBe('Altro luogo');
  });
});

describe('NationalChannels.load refuses broken files', () => {
  it('a channel without its Italian words', () => {
    expect(() => loadChanged('channels.yaml', (t) => t.replace('id: caf', 'id: caaf'))).toThrow(/no words for caaf.name, caaf.description/);
  });

  it('a contact with neither phone nor url, and an unknown kind', () => {
    expect(() =>
      loadChanged('channels.yaml', (t) => t.replace("url: 'https://www.inps.it'", "site: 'https://www.inps.it'").replace('kind: APP', 'kind: FAX')),
    ).toThrow(/contacts\[0\]: give a phone or a url[\s\S]*kind must be one of/);
  });

  it('a missing word in a translation falls back to Italian, visibly', () => {
    const changed = loadChanged('en.yaml', (t) => t.replace(/ {2}caf\.description: .*\n/, ''));
    expect(changed.catalogue.problems()).toEqual([{ language: 'en', key: 'caf.description', issue: 'missing' }]);
    expect(changed.in('en').find((c) => c.id === 'caf')).toMatchObject({ language: 'it', description: expect.stringMatching(/^Compilano/) });
  });
});
