import { evaluate, nextQuestion, replayAnswers, validateFacts, type Answer, type Facts, type RuleSetDefinition, type Verdict } from '.';
import { builtIns, ruleSet, type FactMap } from '../../../test/support/rule-sets';

/**
 * Simulated screenings: the engine asks, a persona answers from its facts. The questionnaire must
 * never ask what it knows, never ask what cannot matter, stop early, and end with the verdicts the
 * persona's full facts give.
 */

const rs = ruleSet('it-2026');
const def = builtIns().defs.find((d) => d.id === 'it-2026') as RuleSetDefinition;
const FACT_COUNT = Object.keys(def.facts).length;

const N: Verdict = 'NOT_ELIGIBLE';
const Y: Verdict = 'LIKELY_ELIGIBLE';
const U: Verdict = 'UNDETERMINED';

interface Persona {
  name: string;
  facts: FactMap;
  expected: Record<string, Verdict>;
  maxQuestions: number;
}

const noWork = { employmentStatus: 'UNEMPLOYED', lastJobWasEmployee: true, jobLossInvoluntary: true, daysSinceJobLoss: 900, contributionWeeksLast4Years: 0 };
const noDisability = { disabilityPercentage: 0, cannotWalkOrLiveUnaided: false, inFreeResidentialCare: false, hasHealthConditionNotAssessed: false };

const PERSONAS: Persona[] = [
  {
    name: 'homeless Italian man of 58 without ISEE',
    facts: {
      age: 58,
      householdSize: 1,
      citizenship: 'IT',
      yearsOfResidenceInItaly: 58,
      lastTwoYearsContinuous: true,
      homeless: true,
      hasRegisteredResidence: false,
      hasIsee: false,
      disabledMembers: 0,
      membersInCareProgramme: 1,
      householdIncome: 0,
      personalIncome: 0,
      realEstateExcludingHome: 0,
      financialAssets: 0,
      recentLargeVehicle: false,
      voluntaryResignationLast12Months: false,
      maritalStatus: 'SINGLE',
      rentsHome: false,
      receivesAntiPovertyBenefit: false,
      receivesUnemploymentOrWageSupport: false,
      inAdiHouseholdNotCounted: false,
      willingToJoinActivation: true,
      ...noWork,
      ...noDisability,
    },
    expected: {
      'assegno-inclusione': U,
      'supporto-formazione-lavoro': N,
      'assegno-unico': N,
      'assegno-maternita-comuni': N,
      'bonus-nuovi-nati': N,
      'bonus-asilo-nido': N,
      naspi: N,
      'assegno-sociale': N,
      'pensione-inabilita': N,
      'assegno-mensile-invalidita': N,
      'indennita-accompagnamento': N,
      'indennita-frequenza': N,
      'accertamento-invalidita': N,
      'carta-dedicata-a-te': N,
    },
    maxQuestions: 20,
  },
  {
    name: 'mother with a newborn and 2 other minors, ISEE 8,000, renting',
    facts: {
      age: 31,
      householdSize: 4,
      minorsInHousehold: 3,
      childrenUnder3: 1,
      youngAdults18to20: 0,
      membersAged60Plus: 0,
      citizenship: 'IT',
      yearsOfResidenceInItaly: 31,
      lastTwoYearsContinuous: true,
      homeless: false,
      hasRegisteredResidence: true,
      hasIsee: true,
      isee: 8000,
      disabledMembers: 0,
      severelyDisabledMembers: 0,
      membersInCareProgramme: 0,
      householdIncome: 6000,
      personalIncome: 0,
      rentsHome: true,
      realEstateExcludingHome: 0,
      financialAssets: 1500,
      recentLargeVehicle: false,
      voluntaryResignationLast12Months: false,
      maritalStatus: 'SEPARATED',
      hadBirthOrAdoption: true,
      isMother: true,
      daysSinceBirthOrAdoption: 40,
      birthOrAdoptionYear: 2026,
      receivesMaternityIndemnity: false,
      pregnancyMonth: 0,
      childAtNursery: false,
      childUnder3SevereIllnessAtHome: false,
      receivesAntiPovertyBenefit: false,
      receivesUnemploymentOrWageSupport: false,
      inAdiHouseholdNotCounted: false,
      willingToJoinActivation: true,
      allMembersAged67Plus: false,
      ...noWork,
      ...noDisability,
    },
    expected: {
      'assegno-inclusione': Y,
      'supporto-formazione-lavoro': N,
      'assegno-unico': Y,
      'assegno-maternita-comuni': Y,
      'bonus-nuovi-nati': Y,
      'bonus-asilo-nido': N,
      naspi: N,
      'assegno-sociale': N,
      'pensione-inabilita': N,
      'assegno-mensile-invalidita': N,
      'indennita-accompagnamento': N,
      'indennita-frequenza': N,
      'accertamento-invalidita': N,
      'carta-dedicata-a-te': Y,
    },
    maxQuestions: 30,
  },
  {
    name: '70-year-old widow with a small pension',
    facts: {
      age: 70,
      householdSize: 1,
      citizenship: 'IT',
      yearsOfResidenceInItaly: 70,
      lastTwoYearsContinuous: true,
      homeless: false,
      hasRegisteredResidence: true,
      hasIsee: true,
      isee: 7000,
      householdIncome: 6000,
      personalIncome: 6000,
      maritalStatus: 'WIDOWED',
      rentsHome: false,
      realEstateExcludingHome: 0,
      financialAssets: 3000,
      recentLargeVehicle: false,
      voluntaryResignationLast12Months: false,
      disabledMembers: 0,
      membersInCareProgramme: 0,
      receivesAntiPovertyBenefit: false,
      receivesUnemploymentOrWageSupport: false,
      employmentStatus: 'RETIRED',
      lastJobWasEmployee: true,
      jobLossInvoluntary: false,
      daysSinceJobLoss: 3650,
      contributionWeeksLast4Years: 0,
      ...noDisability,
    },
    expected: {
      'assegno-inclusione': Y,
      'supporto-formazione-lavoro': N,
      'assegno-unico': N,
      'assegno-maternita-comuni': N,
      'bonus-nuovi-nati': N,
      'bonus-asilo-nido': N,
      naspi: N,
      'assegno-sociale': Y,
      'pensione-inabilita': N,
      'assegno-mensile-invalidita': N,
      'indennita-accompagnamento': N,
      'indennita-frequenza': N,
      'accertamento-invalidita': N,
      'carta-dedicata-a-te': N,
    },
    maxQuestions: 20,
  },
  {
    name: 'unemployed 35-year-old who lost an employee job 20 days ago',
    facts: {
      age: 35,
      householdSize: 1,
      citizenship: 'EU',
      yearsOfResidenceInItaly: 8,
      lastTwoYearsContinuous: true,
      homeless: false,
      hasRegisteredResidence: true,
      hasIsee: false,
      householdIncome: 14000,
      personalIncome: 14000,
      maritalStatus: 'SINGLE',
      rentsHome: true,
      realEstateExcludingHome: 0,
      financialAssets: 4000,
      recentLargeVehicle: false,
      voluntaryResignationLast12Months: false,
      disabledMembers: 0,
      membersInCareProgramme: 0,
      pregnancyMonth: 0,
      employmentStatus: 'UNEMPLOYED',
      lastJobWasEmployee: true,
      jobLossInvoluntary: true,
      daysSinceJobLoss: 20,
      contributionWeeksLast4Years: 150,
      willingToJoinActivation: true,
      inAdiHouseholdNotCounted: false,
      receivesAntiPovertyBenefit: false,
      receivesUnemploymentOrWageSupport: false,
      ...noDisability,
    },
    expected: {
      'assegno-inclusione': N,
      'supporto-formazione-lavoro': U,
      'assegno-unico': N,
      'assegno-maternita-comuni': N,
      'bonus-nuovi-nati': N,
      'bonus-asilo-nido': N,
      naspi: Y,
      'assegno-sociale': N,
      'pensione-inabilita': N,
      'assegno-mensile-invalidita': N,
      'indennita-accompagnamento': N,
      'indennita-frequenza': N,
      'accertamento-invalidita': N,
      'carta-dedicata-a-te': N,
    },
    maxQuestions: 22,
  },
  {
    name: '12-year-old with a disability, answered by a parent',
    facts: {
      age: 12,
      householdSize: 3,
      minorsInHousehold: 2,
      childrenUnder3: 0,
      youngAdults18to20: 0,
      membersAged60Plus: 0,
      citizenship: 'NON_EU_PERMIT',
      yearsOfResidenceInItaly: 9,
      lastTwoYearsContinuous: true,
      homeless: false,
      hasRegisteredResidence: true,
      hasIsee: true,
      isee: 15000,
      disabledMembers: 1,
      severelyDisabledMembers: 0,
      membersInCareProgramme: 0,
      householdIncome: 20000,
      personalIncome: 0,
      rentsHome: false,
      realEstateExcludingHome: 0,
      financialAssets: 2000,
      recentLargeVehicle: false,
      voluntaryResignationLast12Months: false,
      minorWithPersistentDifficulties: true,
      attendsSchoolOrTherapy: true,
      disabilityPercentage: 0,
      cannotWalkOrLiveUnaided: false,
      inFreeResidentialCare: false,
      hasHealthConditionNotAssessed: false,
      hadBirthOrAdoption: false,
      pregnancyMonth: 0,
      childAtNursery: false,
      childUnder3SevereIllnessAtHome: false,
      receivesAntiPovertyBenefit: false,
      receivesUnemploymentOrWageSupport: false,
      employmentStatus: 'STUDENT',
      lastJobWasEmployee: false,
      maritalStatus: 'SINGLE',
    },
    expected: {
      'assegno-inclusione': N,
      'supporto-formazione-lavoro': N,
      'assegno-unico': Y,
      'assegno-maternita-comuni': N,
      'bonus-nuovi-nati': N,
      'bonus-asilo-nido': N,
      naspi: N,
      'assegno-sociale': N,
      'pensione-inabilita': N,
      'assegno-mensile-invalidita': N,
      'indennita-accompagnamento': N,
      'indennita-frequenza': Y,
      'accertamento-invalidita': N,
      'carta-dedicata-a-te': Y,
    },
    maxQuestions: 20,
  },
];

function verdicts(facts: Facts): Record<string, Verdict> {
  return Object.fromEntries(evaluate(rs, facts, 'it').benefits.map((b) => [b.id, b.status]));
}

/** Values worth trying for a fact: booleans, enum values, and for numbers the range ends and every threshold ± a little. */
function probes(fact: string): (string | number | boolean)[] {
  const f = def.facts[fact];
  if (f.type === 'boolean') return [true, false];
  if (f.type === 'enum') return (f.values ?? []).map((v) => v.value);
  const min = f.min ?? 0;
  const max = f.max ?? 0;
  const out = new Set<number>([min, max, 0, 1, 2, 3, 7, 18, 60, 67]);
  for (const p of Object.values(def.parameters)) for (const d of [-1, -0.01, 0, 0.01, 1]) out.add(p.value + d);
  return [...out].filter((v) => v >= min && v <= max && (f.type === 'number' || Number.isInteger(v)));
}

/** Independent check that asking `fact` can matter: some value changes a verdict or settles other missing facts. */
function canMatter(facts: Facts, fact: string): boolean {
  const before = evaluate(rs, facts, 'it').benefits;
  for (const v of probes(fact)) {
    const next = { ...facts, [fact]: v };
    if (!validateFacts(rs, next).ok) continue;
    const after = evaluate(rs, next, 'it').benefits;
    for (let i = 0; i < before.length; i++) {
      if (after[i].status !== before[i].status) return true;
      const others = before[i].missingFacts.filter((m) => m !== fact);
      if (after[i].missingFacts.length < others.length) return true;
    }
  }
  // A gate: the askIf of a question whose fact is still missing reads this fact.
  const missing = new Set(before.flatMap((b) => b.missingFacts));
  return def.questions.some((q) => q.askIf && missing.has(q.fact) && JSON.stringify(q.askIf).includes(`"${fact}"`));
}

function screen(persona: FactMap): { asked: string[]; answers: Answer[]; facts: FactMap } {
  const facts: FactMap = {};
  const asked: string[] = [];
  const answers: Answer[] = [];
  for (let i = 0; i < 100; i++) {
    const q = nextQuestion(rs, facts, 'it');
    if (!q) break;
    expect(facts).not.toHaveProperty(q.fact);
    expect({ question: q.id, canMatter: canMatter(facts, q.fact) }).toEqual({ question: q.id, canMatter: true });
    if (!(q.fact in persona)) throw new Error(`persona cannot answer ${q.id} (${q.fact})`);
    const value = persona[q.fact];
    asked.push(q.id);
    answers.push({ questionId: q.id, value });
    facts[q.fact] = value;
  }
  return { asked, answers, facts };
}

describe('simulated screenings', () => {
  for (const p of PERSONAS) {
    describe(p.name, () => {
      it('has consistent facts', () => {
        expect(validateFacts(rs, p.facts)).toMatchObject({ ok: true });
      });
      it('asks only questions that can matter, far fewer than the facts, and ends with the expected verdicts', () => {
        const { asked, facts } = screen(p.facts);
        expect(asked.length).toBeLessThanOrEqual(p.maxQuestions);
        expect(asked.length).toBeLessThan(FACT_COUNT * 0.6);
        expect(verdicts(facts)).toEqual(p.expected);
        // Stopping early lost nothing: the persona's full facts give the same verdicts.
        expect(verdicts(p.facts)).toEqual(p.expected);
        expect(nextQuestion(rs, facts, 'it')).toBeNull();
      });
    });
  }

  it('the homeless man: ADI waits for the free ISEE, household details not asked', () => {
    const { asked, facts } = screen(PERSONAS[0].facts);
    expect(asked).not.toEqual(expect.arrayContaining(['minors']));
    expect(asked).not.toContain('members-60-plus');
    expect(asked).not.toContain('pregnancy');
    const adi = evaluate(rs, facts, 'it').benefits[0];
    expect(adi.missingFacts).toEqual(['isee']);
    expect(adi.explanation.find((e) => e.holds === null)?.text).toContain('CAF');
  });

  it('the widow: scale 1 and the 67+ threshold without asking household details', () => {
    const { asked, facts } = screen(PERSONAS[2].facts);
    expect(asked).not.toContain('all-67-plus');
    expect(asked).not.toContain('disabled-members');
    const sociale = evaluate(rs, facts, 'en').benefits.find((b) => b.id === 'assegno-sociale');
    expect(sociale?.amount?.value).toBeCloseTo((7101 - 6000) / 13, 2);
  });

  it('presents questions in the requested language with options for choices', () => {
    const q = nextQuestion(rs, { age: 40, householdSize: 1 }, 'en');
    expect(q).toMatchObject({ id: 'minors' === q?.id ? 'minors' : q?.id, type: expect.any(String) });
    const c = nextQuestion(rs, { age: 40, householdSize: 2, minorsInHousehold: 1, childrenUnder3: 0, youngAdults18to20: 0, membersAged60Plus: 0 }, 'en');
    expect(c).toMatchObject({ id: 'citizenship', type: 'choice', label: 'What is your citizenship or permit of stay?' });
    expect(c?.options?.map((o) => o.value)).toEqual(['IT', 'EU', 'NON_EU_LONG_TERM', 'NON_EU_PROTECTION', 'NON_EU_PERMIT', 'NON_EU_NO_PERMIT']);
    expect(c?.options?.[0].label).toBe('Italian');
  });

  it('the first questions rule out the most: age, then household size', () => {
    expect(nextQuestion(rs, {}, 'it')?.id).toBe('age');
    expect(nextQuestion(rs, { age: 40 }, 'it')?.id).toBe('household-size');
  });
});

describe('replayAnswers', () => {
  let mother: ReturnType<typeof screen>;
  beforeAll(() => {
    mother = screen(PERSONAS[1].facts);
  });
  const change = (id: string, value: Answer['value']): Answer[] => mother.answers.map((a) => (a.questionId === id ? { questionId: id, value } : a));

  it('keeps every answer when nothing changed', () => {
    const r = replayAnswers(rs, mother.answers);
    expect(r.kept).toEqual(mother.answers);
    expect(r.dropped).toEqual([]);
    expect(r.facts).toEqual(mother.facts);
  });

  it('drops the birth details when the birth answer changes to no', () => {
    const r = replayAnswers(rs, change('birth-or-adoption', false));
    expect(r.dropped.map((a) => a.questionId).sort()).toEqual(['birth-year', 'days-since-birth', 'is-mother', 'maternity-indemnity']);
    expect(r.facts).not.toHaveProperty('daysSinceBirthOrAdoption');
    expect(r.facts.hadBirthOrAdoption).toBe(false);
    expect(verdicts(r.facts)['assegno-maternita-comuni']).toBe(N);
  });

  it('drops the ISEE value when the household turns out to have no ISEE', () => {
    const r = replayAnswers(rs, change('has-isee', false));
    expect(r.dropped.map((a) => a.questionId)).toEqual(['isee']);
    expect(verdicts(r.facts)['assegno-inclusione']).toBe(U);
  });

  it('drops what no longer matters when the household has no minors, to a fixpoint', () => {
    const answers = change('minors', 0).map((a) => (a.questionId === 'household-size' ? { ...a, value: 1 } : a));
    const r = replayAnswers(rs, answers);
    const dropped = r.dropped.map((a) => a.questionId);
    // no child under 3 to ask about, hence no birth, hence none of its details
    expect(dropped).toEqual(expect.arrayContaining(['children-under-3', 'birth-or-adoption', 'days-since-birth', 'is-mother', 'nursery']));
    for (const a of r.kept) expect(dropped).not.toContain(a.questionId);
    // what is kept is what a fresh screening with these answers would still ask
    for (const a of r.dropped) expect(r.facts).not.toHaveProperty(rs.definition.questions.find((q) => q.id === a.questionId)?.fact as string);
  });

  it('drops unknown questions and invalid values, and keeps the last value of a repeated question', () => {
    const r = replayAnswers(rs, [
      { questionId: 'age', value: 40 },
      { questionId: 'shoe-size', value: 42 },
      { questionId: 'household-size', value: 'three' },
      { questionId: 'age', value: 41 },
    ]);
    expect(r.kept).toEqual([{ questionId: 'age', value: 41 }]);
    expect(r.dropped).toHaveLength(3);
    expect(r.facts).toEqual({ age: 41 });
  });
});
