import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { parseRuleSet, type RuleSetDefinition } from '../../domain';
import { CORE_FACT_TYPES } from '../../domain/engine/core-facts';
import { MINI } from '../../../test/support/mini-ruleset';
import { builtIns, definitionCopy } from '../../../test/support/rule-sets';
import { loadBuiltInRuleSets } from './rule-set-files';

/** The core vocabulary of docs/facts.md, a public contract. */
const CORE_FACTS = [
  'age',
  'citizenship',
  'yearsOfResidenceInItaly',
  'lastTwoYearsContinuous',
  'hasRegisteredResidence',
  'homeless',
  'maritalStatus',
  'personalIncome',
  'coupleIncome',
  'employmentStatus',
  'lastJobWasEmployee',
  'jobLossInvoluntary',
  'daysSinceJobLoss',
  'contributionWeeksLast4Years',
  'workDaysLast12Months',
  'voluntaryResignationLast12Months',
  'contributionWeeksSinceResignation',
  'disabilityPercentage',
  'cannotWalkOrLiveUnaided',
  'hasHealthConditionNotAssessed',
  'minorWithPersistentDifficulties',
  'attendsSchoolOrTherapy',
  'inFreeResidentialCare',
  'hadBirthOrAdoption',
  'isMother',
  'pregnancyMonth',
  'daysSinceBirthOrAdoption',
  'birthOrAdoptionYear',
  'receivesMaternityIndemnity',
  'firstChild',
  'householdSize',
  'minorsInHousehold',
  'childrenUnder3',
  'youngAdults18to20',
  'membersAged60Plus',
  'allMembersAged67Plus',
  'disabledMembers',
  'severelyDisabledMembers',
  'membersInCareProgramme',
  'hasIsee',
  'isee',
  'householdIncome',
  'realEstateExcludingHome',
  'financialAssets',
  'rentsHome',
  'recentLargeVehicle',
  'childAtNursery',
  'childUnder3SevereIllnessAtHome',
  'childBornFrom2024',
  'receivesAntiPovertyBenefit',
  'receivesUnemploymentOrWageSupport',
  'inAdiHouseholdNotCounted',
  'willingToJoinActivation',
];

describe('built-in rule sets', () => {
  const { defs } = builtIns();
  it('load both, ordered by effective date, published', () => {
    expect(defs.map((d) => [d.id, d.effectiveFrom, d.effectiveTo, d.status])).toEqual([
      ['it-2019-10', '2019-10-09', '2019-12-31', 'published'],
      ['it-2026', '2026-01-01', null, 'published'],
    ]);
  });
  it('have the benefits of docs/benefits.md, with the exact ids', () => {
    expect(defs[1].benefits.map((b) => b.id)).toEqual([
      'assegno-inclusione',
      'supporto-formazione-lavoro',
      'assegno-unico',
      'assegno-maternita-comuni',
      'bonus-nuovi-nati',
      'bonus-asilo-nido',
      'naspi',
      'assegno-sociale',
      'pensione-inabilita',
      'assegno-mensile-invalidita',
      'indennita-accompagnamento',
      'indennita-frequenza',
      'accertamento-invalidita',
      'carta-dedicata-a-te',
    ]);
    expect(defs[0].benefits.map((b) => b.id)).toEqual([
      'reddito-cittadinanza',
      'pensione-cittadinanza',
      'assegno-nucleo-comuni',
      'assegno-maternita-comuni',
      'bonus-bebe',
      'premio-nascita',
      'bonus-asilo-nido',
      'naspi',
      'assegno-sociale',
      'pensione-inabilita',
      'assegno-mensile-invalidita',
      'indennita-accompagnamento',
      'indennita-frequenza',
      'accertamento-invalidita',
    ]);
  });
  it('mark the figures with (?) in docs/benefits.md as unconfirmed, and only those', () => {
    const unconfirmed = (d: RuleSetDefinition) =>
      Object.entries(d.parameters)
        .filter(([, p]) => !p.confirmed)
        .map(([k, p]) => [k, p.value]);
    expect(unconfirmed(defs[1])).toEqual([
      ['bnn.maxDays', 120],
      ['sociale.incomeSingle', 7101],
      ['sociale.incomeCouple', 14202],
      ['sociale.monthly', 546.23],
      ['acc.monthly', 551.53],
      ['carta.amount', 500],
    ]);
    expect(unconfirmed(defs[0])).toEqual([
      ['anf.iseeMax', 8745.26],
      ['maternita.iseeMax', 17330.01],
      ['maternita.monthly', 346.39],
    ]);
  });
  it('declare the whole core fact vocabulary with its types', () => {
    for (const d of defs) {
      expect(d.facts.age).toMatchObject({ type: 'integer', min: 0, max: 120 });
      expect(d.facts.disabilityPercentage).toMatchObject({ type: 'integer', min: 0, max: 100 });
      expect(d.facts.pregnancyMonth).toMatchObject({ type: 'integer', min: 0, max: 9 });
      expect(d.facts.citizenship.values?.map((v) => v.value)).toEqual([
        'IT',
        'EU',
        'NON_EU_LONG_TERM',
        'NON_EU_PROTECTION',
        'NON_EU_PERMIT',
        'NON_EU_NO_PERMIT',
      ]);
      expect(Object.keys(d.facts).sort()).toEqual([...CORE_FACTS].sort());
      expect(Object.keys(CORE_FACT_TYPES).sort()).toEqual([...CORE_FACTS].sort());
    }
  });
  it('name successors of every 2019 benefit that exist in it-2026', () => {
    const ids2026 = new Set(defs[1].benefits.map((b) => b.id));
    for (const b of defs[0].benefits) {
      expect(b.successors?.length).toBeGreaterThan(0);
      for (const s of b.successors ?? []) expect(ids2026.has(s.id)).toBe(true);
    }
    expect(defs[0].benefits.find((b) => b.id === 'reddito-cittadinanza')?.successors?.map((s) => s.id)).toEqual([
      'assegno-inclusione',
      'supporto-formazione-lavoro',
    ]);
    expect(defs[0].benefits.find((b) => b.id === 'premio-nascita')?.successors?.map((s) => s.id)).toEqual(['assegno-unico', 'bonus-nuovi-nati']);
  });
  it('every question sets a known fact, and all text is bilingual', () => {
    for (const d of defs) {
      for (const q of d.questions) {
        expect(d.facts[q.fact]).toBeDefined();
        expect(q.label.it.length * (q.label.en ?? '').length).toBeGreaterThan(0);
      }
    }
  });
  it('parse from YAML text as well as from an object', () => {
    const text = stringify(definitionCopy('it-2026'));
    expect(parseRuleSet(text).id).toBe('it-2026');
  });
  it('load from a given folder, merging the files of a rule set', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rulesets-'));
    try {
      fs.mkdirSync(path.join(dir, 'mini'));
      fs.writeFileSync(path.join(dir, 'mini', 'ruleset.yaml'), MINI);
      expect(loadBuiltInRuleSets(dir).map((d) => d.id)).toEqual(['mini']);
      const { questions, ...rest } = parseRuleSet(MINI);
      fs.writeFileSync(path.join(dir, 'mini', 'ruleset.yaml'), stringify(rest));
      fs.writeFileSync(path.join(dir, 'mini', 'questions.yaml'), stringify({ questions, facts: {} }));
      expect(() => loadBuiltInRuleSets(dir)).toThrow(/more than one file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
