import '../../src/modules/rulesets/questionnaire-messages';
/** A small rule set to test the engine's semantics apart from the built-in benefits. */
export const MINI = `
id: mini
title: { it: Mini, en: Mini }
effectiveFrom: '2030-01-01'
effectiveTo: null
status: draft
parameters:
  limit: { value: 100, confirmed: true, unit: EUR, label: { it: limite, en: limit } }
  guess: { value: 50, confirmed: false, unit: EUR, label: { it: stima, en: guess } }
facts:
  a: { type: boolean, label: { it: a, en: a } }
  b: { type: boolean, label: { it: b, en: b } }
  c: { type: boolean, label: { it: c, en: c } }
  size: { type: integer, min: 1, max: 10, unit: count, label: { it: membri, en: members } }
  kids:
    type: integer
    min: 0
    max: 10
    unit: count
    label: { it: figli, en: children }
    bounds: { max: { sub: [{ fact: size }, 1] } }
  income: { type: number, min: 0, max: 1000000, unit: EUR, label: { it: reddito, en: income } }
  hasIsee: { type: boolean, label: { it: ISEE valido, en: valid ISEE } }
  isee:
    type: number
    min: 0
    max: 1000000
    unit: EUR
    label: { it: ISEE, en: ISEE }
    availableWhen: hasIsee
    unavailableStep: { it: fare la DSU, en: file the DSU }
  homeless: { type: boolean, label: { it: senza dimora, en: homeless } }
  registered:
    type: boolean
    label: { it: residenza, en: registered }
    pendingWhen: { isTrue: homeless }
    pendingStep: { it: indirizzo fittizio, en: fictitious address }
  colour:
    type: enum
    label: { it: colore, en: colour }
    values:
      - { value: RED, label: { it: rosso, en: red } }
      - { value: BLUE, label: { it: blu, en: blue } }
derived:
  scale:
    unit: ratio
    label: { it: scala, en: scale }
    note: { it: scala stimata, en: estimated scale }
    value: { min: [2, { add: [1, { mul: [0.5, { fact: kids }] }] }] }
benefits:
  - id: both
    name: { it: Entrambi, en: Both }
    description: { it: x, en: x }
    authority: INPS
    condition: { all: [{ isTrue: a }, { isTrue: b }] }
    howToApply: { channels: [], documents: [] }
  - id: either
    name: { it: Uno, en: Either }
    description: { it: x, en: x }
    authority: INPS
    condition: { any: [{ isTrue: a }, { isTrue: b }], label: { it: a o b, en: a or b } }
    howToApply: { channels: [], documents: [] }
  - id: nested
    name: { it: Annidato, en: Nested }
    description: { it: x, en: x }
    authority: COMUNE
    condition:
      all:
        - any: [{ isTrue: a }, { isTrue: b }]
          label: { it: a o b, en: a or b }
        - not: { isTrue: c }
          label: { it: non c, en: not c }
    howToApply: { channels: [], documents: [] }
  - id: means
    name: { it: Reddito, en: Means }
    description: { it: x, en: x }
    authority: INPS
    condition:
      all:
        - le: [{ fact: isee }, { param: limit }]
        - lt: [{ fact: income }, { mul: [{ param: guess }, { derived: scale }] }]
          label: { it: "reddito {income} < {right}", en: "income {income} < {right}" }
        - in: [{ fact: colour }, [RED]]
    amount:
      period: month
      value: { max: [0, { sub: [{ mul: [{ param: guess }, { derived: scale }] }, { fact: income }] }] }
    howToApply: { channels: [], documents: [] }
  - id: resident
    name: { it: Residenza, en: Residence }
    description: { it: x, en: x }
    authority: COMUNE
    condition: { isTrue: registered }
    howToApply: { channels: [], documents: [] }
questions:
  - { id: qa, fact: a, type: boolean, label: { it: a?, en: a? } }
  - { id: qb, fact: b, type: boolean, label: { it: b?, en: b? } }
  - { id: qc, fact: c, type: boolean, label: { it: c?, en: c? } }
  - { id: qsize, fact: size, type: integer, label: { it: membri?, en: members? } }
  - { id: qkids, fact: kids, type: integer, label: { it: figli?, en: children? } }
  - { id: qincome, fact: income, type: number, label: { it: reddito?, en: income? } }
  - { id: qhasisee, fact: hasIsee, type: boolean, label: { it: ISEE?, en: ISEE? } }
  - { id: qisee, fact: isee, type: number, label: { it: valore ISEE?, en: ISEE value? }, askIf: { isTrue: hasIsee } }
  - { id: qhomeless, fact: homeless, type: boolean, label: { it: senza dimora?, en: homeless? } }
  - { id: qregistered, fact: registered, type: boolean, label: { it: residenza?, en: registered? } }
  - { id: qcolour, fact: colour, type: choice, label: { it: colore?, en: colour? } }
`;
