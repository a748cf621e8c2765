import { DataSource } from 'typeorm';
import { loadBuiltInRuleSets } from '../src/modules/rulesets/rule-set-files';
import { RuleSetService } from '../src/modules/rulesets/ruleset.service';
import { startQuestionnaire, type QuestionnaireTestApp } from './helpers';

function newRuleSet(id: string) {
  const base = loadBuiltInRuleSets().find((r) => r.id === 'it-2026');
  if (!base) throw new Error('it-2026 missing');
  return { ...base, id, title: { it: 'Regole 2027', en: 'Rules 2027' }, effectiveFrom: '2027-01-01', effectiveTo: null, status: 'draft' };
}

describe('rule sets (real PostgreSQL)', () => {
  let t: QuestionnaireTestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startQuestionnaire();
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the two built-in rule sets with their dates', async () => {
    const res = await t.http.get('/api/v1/rulesets');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.map((r: { id: string }) => [r.id, r]));
    expect(byId['it-2026']).toMatchObject({ effectiveFrom: '2026-01-01', status: 'published', source: 'builtin' });
    expect(byId['it-2019-10']).toMatchObject({ effectiveFrom: '2019-10-09', effectiveTo: '2019-12-31' });
  });

  it('shows parameters with their confirmed flag', async () => {
    const res = await t.http.get('/api/v1/rulesets/it-2026');
    expect(res.status).toBe(200);
    const params = Object.entries(res.body.parameters as Record<string, { value: number; confirmed: boolean }>);
    expect(params.some(([, p]) => p.confirmed === false)).toBe(true);
    expect(params.some(([, p]) => p.confirmed === true && p.value === 10140)).toBe(true);
    expect((await t.http.get('/api/v1/rulesets/it-1999')).status).toBe(404);
  });

  it('loads the built-ins idempotently', async () => {
    const again = await t.app.get(RuleSetService).loadBuiltIns();
    expect(again.inserted).toEqual([]);
    expect(again.unchanged.sort()).toEqual(['it-2019-10', 'it-2026']);
    expect((await db.query('SELECT count(*)::int AS n FROM rule_set'))[0].n).toBe(2);
  });

  it('refuses to start with a built-in that was changed in place', async () => {
    await db.query(`ALTER TABLE rule_set DISABLE TRIGGER rule_set_immutable`);
    try {
      await db.query(`UPDATE rule_set SET checksum = repeat('0', 64) WHERE id = 'it-2019-10'`);
      await expect(t.app.get(RuleSetService).loadBuiltIns()).rejects.toThrow(/immutable/);
    } finally {
      const [{ checksum }] = await db.query(`SELECT checksum FROM rule_set WHERE id = 'it-2026'`);
      expect(checksum).toHaveLength(64);
      await db.query(`DELETE FROM rule_set WHERE id = 'it-2019-10' AND NOT EXISTS (SELECT 1 FROM screening WHERE rule_set_id = 'it-2019-10')`);
      await db.query(`ALTER TABLE rule_set ENABLE TRIGGER rule_set_immutable`);
      await t.app.get(RuleSetService).loadBuiltIns();
    }
  });

  it('keeps a published rule set immutable in the database itself', async () => {
    await expect(db.query(`UPDATE rule_set SET definition = '{}' WHERE id = 'it-2026'`)).rejects.toThrow(/immutable/);
    await expect(db.query(`DELETE FROM rule_set WHERE id = 'it-2026'`)).rejects.toThrow(/cannot be deleted/);
    await expect(db.query(`UPDATE rule_set SET effective_from = '2025-01-01' WHERE id = 'it-2026'`)).rejects.toThrow(/immutable/);
  });

  it('lets only central publish, refuses a duplicate id and an invalid definition naming the field', async () => {
    const body = { definition: newRuleSet('it-2027') };
    expect((await t.http.post('/api/v1/rulesets').send(body)).status).toBe(401);
    expect(
      (
        await t.http
          .post('/api/v1/rulesets')
          .set('authorization', `Bearer ${await t.tokens.operator()}`)
          .send(body)
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post('/api/v1/rulesets')
          .set('authorization', `Bearer ${await t.tokens.territorial()}`)
          .send(body)
      ).status,
    ).toBe(403);

    const central = `Bearer ${await t.tokens.central()}`;
    const created = await t.http.post('/api/v1/rulesets').set('authorization', central).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'it-2027', status: 'published', effectiveFrom: '2027-01-01' });

    const dup = await t.http.post('/api/v1/rulesets').set('authorization', central).send(body);
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].field).toBe('definition.id');

    const broken = newRuleSet('it-2028') as Record<string, unknown>;
    delete broken.effectiveFrom;
    const invalid = await t.http.post('/api/v1/rulesets').set('authorization', central).send({ definition: broken });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { field: string }) => d.field).join(' ')).toContain('effectiveFrom');
    expect((await db.query(`SELECT count(*)::int AS n FROM rule_set WHERE id = 'it-2028'`))[0].n).toBe(0);
  });

  it('uses a newly published rule set from its effective date', async () => {
    const res = await t.http.post('/api/v1/screenings/evaluate').send({ facts: {}, asOf: '2027-02-01' });
    expect(res.status).toBe(200);
    expect(res.body.ruleSet.id).toBe('it-2027');
    const before = await t.http.post('/api/v1/screenings/evaluate').send({ facts: {}, asOf: '2026-12-31' });
    expect(before.body.ruleSet.id).toBe('it-2026');
  });
});
