import { DEFAULT_LANGUAGE, LANGUAGES } from '@inps/kernel';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MINI } from '../../../test/support/mini-ruleset';
import { compileRuleSet, evaluate, parseRuleSet } from '../../domain';
import { checksumOf } from './canonical-json';
import { loadBuiltIns } from './rule-set-files';
import { italianTexts, languagesOf, readRuleSetTranslations, translationProblems } from './rule-set-translations';

/** Every language a built-in rule set must be translated into: the kernel's, Italian being the definition itself. */
const TRANSLATED = LANGUAGES.filter((l) => l !== DEFAULT_LANGUAGE);

describe('built-in rule sets are translated into every language', () => {
  const builtIns = loadBuiltIns();
  it.each(builtIns.map((b) => [b.definition.id, b] as const))(
    '%s: a file per language, every Italian text translated, same slots, no unknown key',
    (_id, b) => {
      const problems = translationProblems(b.dir, b.definition, TRANSLATED);
      // One line per problem, so a failure says which file lacks which text.
      expect(problems.map((p) => `${path.relative(b.dir, p.file)}${p.key ? ` "${p.key}"` : ''}: ${p.issue}`)).toEqual([]);
    },
  );

  it('do not change the definitions or their checksums', () => {
    for (const b of builtIns) {
      const before = checksumOf(b.definition);
      compileRuleSet(b.definition, b.translations);
      expect(checksumOf(b.definition)).toBe(before);
    }
  });
});

describe('translation files', () => {
  let root: string;
  let dir: string;
  const def = parseRuleSet(MINI);
  const write = (name: string, text: string): void => fs.writeFileSync(path.join(dir, 'translations', name), text);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'translations-'));
    dir = path.join(root, 'mini');
    fs.mkdirSync(path.join(dir, 'translations'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'ruleset.yaml'), MINI);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are keyed by every Italian text of the definition', () => {
    const texts = italianTexts(def);
    expect(texts.has('Entrambi')).toBe(true);
    expect(texts.has('reddito {income} < {right}')).toBe(true);
    expect(texts.has('fare la DSU')).toBe(true);
    expect(texts.has('Both')).toBe(false);
  });

  it('load with their review status and overlay the texts', () => {
    write('ro.yaml', 'language: ro\nreviewed: true\ntexts:\n  "Entrambi": "Amândouă"\n');
    const t = readRuleSetTranslations(dir, def);
    expect(t.ro?.reviewed).toBe(true);
    const b = evaluate(compileRuleSet(def, t), {}, 'ro').benefits.find((x) => x.id === 'both');
    expect(b).toMatchObject({ name: 'Amândouă', textStatus: { name: { language: 'ro', reviewed: true } } });
  });

  it.each([
    ['an unknown key', 'ro.yaml', 'language: ro\nreviewed: false\ntexts:\n  "Nessuno": "Niciunul"\n', /ro\.yaml: "Nessuno" is not an Italian text/],
    [
      'changed slots',
      'ro.yaml',
      'language: ro\nreviewed: false\ntexts:\n  "reddito {income} < {right}": "venit {venit} < {right}"\n',
      /ro\.yaml: the translation of "reddito \{income\} < \{right\}" must keep the slots \{income\}, \{right\}/,
    ],
    ['a language other than the file name', 'fr.yaml', 'language: es\nreviewed: false\ntexts: {}\n', /fr\.yaml: language must be "fr"/],
    ['no review status', 'fr.yaml', 'language: fr\ntexts: {}\n', /fr\.yaml: reviewed must be true or false/],
    ['an unknown field', 'fr.yaml', 'language: fr\nreviewed: false\nreviewer: someone\ntexts: {}\n', /fr\.yaml: unknown field "reviewer"/],
    [
      'an empty translation',
      'fr.yaml',
      'language: fr\nreviewed: false\ntexts:\n  "Entrambi": " "\n',
      /fr\.yaml: the translation of "Entrambi" must be a non-empty string/,
    ],
    [
      'a language the programme does not speak',
      'de.yaml',
      'language: de\nreviewed: false\ntexts: {}\n',
      /de\.yaml: the file name must be a language other than Italian/,
    ],
    ['an Italian file', 'it.yaml', 'language: it\nreviewed: true\ntexts: {}\n', /it\.yaml: the file name must be a language other than Italian/],
    ['YAML that does not parse', 'ro.yaml', 'language: [ro\n', /ro\.yaml: not valid YAML/],
  ])('refuse %s, naming the file and the key', (_what, name, text, message) => {
    write(name, text);
    expect(() => readRuleSetTranslations(dir, def)).toThrow(message);
    // A refused file stops the start: the built-in loader reads the same files.
    expect(() => loadBuiltIns(root)).toThrow(message);
  });

  it('are checked for completeness: a missing file, a missing text, and a file that does not load', () => {
    const italian = [...italianTexts(def)];
    const all = italian.map((t) => `  ${JSON.stringify(t)}: ${JSON.stringify(`${t} (ro)`)}`).join('\n');
    write('ro.yaml', `language: ro\nreviewed: false\ntexts:\n${all}\n`);
    write('en.yaml', 'language: en\nreviewed: false\ntexts: {}\n');
    write('fr.yaml', 'language: fr\nreviewed: false\ntexts:\n  "Entrambi": "Les deux"\n');
    write('es.yaml', 'language: es\nreviewed: false\ntexts:\n  "Nessuno": "Ninguno"\n');
    const problems = translationProblems(dir, def, ['en', 'ro', 'fr', 'es', 'sq']);
    expect(problems.filter((p) => p.language === 'en' || p.language === 'ro')).toEqual([]);
    expect(problems.filter((p) => p.language === 'fr')).toHaveLength(italian.length - 1);
    expect(problems.find((p) => p.language === 'fr')).toMatchObject({ key: expect.any(String), issue: 'not translated' });
    expect(problems.filter((p) => p.language === 'es')).toEqual([
      expect.objectContaining({ issue: expect.stringMatching(/"Nessuno" is not an Italian text/) }),
    ]);
    expect(problems.filter((p) => p.language === 'sq')).toEqual([expect.objectContaining({ issue: 'no translation file' })]);
  });

  it('give each rule set its languages: complete and reviewed as the files say', () => {
    write('ro.yaml', 'language: ro\nreviewed: true\ntexts:\n  "Entrambi": "Amândouă"\n');
    write('en.yaml', 'language: en\nreviewed: true\ntexts: {}\n');
    expect(languagesOf(def, readRuleSetTranslations(dir, def))).toEqual([
      { language: 'it', reviewed: true, complete: true },
      { language: 'en', reviewed: true, complete: true },
      { language: 'ro', reviewed: true, complete: false },
    ]);
    // A rule set published through the API has no files: Italian, and its inline English, unreviewed.
    expect(languagesOf(def, {})).toEqual([
      { language: 'it', reviewed: true, complete: true },
      { language: 'en', reviewed: false, complete: true },
    ]);
  });
});
