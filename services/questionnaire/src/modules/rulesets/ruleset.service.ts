import { romeDate } from '@inps/kernel';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, ConflictError, NotFoundError, UnprocessableError, ValidationFailedError } from '@inps/shared';
import { DataSource } from 'typeorm';
import { compileRuleSet, parseRuleSet, RuleSetValidationError, selectRuleSet, type CompiledRuleSet, type RuleSetDefinition } from '../../domain';
import { checksumOf } from './canonical-json';
import { loadBuiltIns, type BuiltInRuleSet } from './rule-set-files';
import { languagesOf } from './rule-set-translations';
import type { BenefitInfo, RuleSet, RuleSetParameter } from './dto/ruleset.outputs';
import { RuleSetEntity } from './ruleset.entity';

/** '/benefits/0/condition' → 'definition.benefits.0.condition'. */
function jsonPointerToField(prefix: string, pointer: string): string {
  const path = pointer
    .replace(/^[^/]*:/, '')
    .split('/')
    .filter(Boolean)
    .join('.');
  return path ? `${prefix}.${path}` : prefix;
}

function unknownRuleSet(id: string): NotFoundError {
  return new NotFoundError(`Rule set ${id} does not exist`, [{ field: 'ruleSet', issue: `unknown rule set ${id}` }]);
}

function summaryOf({ id, title, effectiveFrom, effectiveTo, status, source }: RuleSetEntity, languages: RuleSet['languages']): RuleSet {
  return { id, title, effectiveFrom, effectiveTo, status, source, languages };
}

/** How long the list of rule sets (which one is in force) is trusted before another replica's publication is seen. */
const LIST_TTL_MS = 30_000;

@Injectable()
export class RuleSetService {
  private readonly logger = new Logger(RuleSetService.name);
  /** Published rule sets never change, so a compiled one can be kept for the life of the process. */
  private readonly compiled = new Map<string, CompiledRuleSet>();
  private list: { at: number; rows: RuleSetDefinition[] } | null = null;
  /** The built-in rule sets' folders as read at start, for their translations; read on first use otherwise. */
  private builtIns: Map<string, BuiltInRuleSet> | null = null;
  private builtInsDir: string | undefined;
  private readonly languages = new Map<string, RuleSet['languages']>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Loads the built-in rule sets shipped with the service. Idempotent and safe for concurrent
   * replicas (insert-if-absent). A built-in whose text changed after it was loaded is refused:
   * published law is immutable, so a correction must be published under a new id.
   */
  async loadBuiltIns(dir?: string): Promise<{ inserted: string[]; unchanged: string[] }> {
    const inserted: string[] = [];
    const unchanged: string[] = [];
    const repo = this.dataSource.getRepository(RuleSetEntity);
    const builtIns = loadBuiltIns(dir);
    this.builtIns = new Map(builtIns.map((b) => [b.definition.id, b]));
    this.builtInsDir = dir;
    for (const { definition: def } of builtIns) {
      const checksum = checksumOf(def);
      if (await this.insertIfAbsent(def, 'builtin', checksum)) {
        inserted.push(def.id);
        continue;
      }
      const existing = await repo.findOneByOrFail({ id: def.id });
      if (existing.checksum !== checksum) {
        throw new Error(
          `Built-in rule set ${def.id} differs from the copy already published in the database. ` +
            `Published rule sets are immutable: give the changed rule set a new id (and effective dates).`,
        );
      }
      unchanged.push(def.id);
    }
    this.list = null;
    return { inserted, unchanged };
  }

  async listAll(): Promise<RuleSet[]> {
    const rows = await this.dataSource.getRepository(RuleSetEntity).find({ order: { effectiveFrom: 'DESC', id: 'ASC' } });
    return rows.map((row) => summaryOf(row, this.languagesOfRow(row)));
  }

  /** One rule set as listed: its dates, status, where it came from and the languages it is shown in. */
  async getSummary(id: string): Promise<RuleSet> {
    const row = await this.dataSource.getRepository(RuleSetEntity).findOneBy({ id });
    if (!row) throw unknownRuleSet(id);
    return summaryOf(row, this.languagesOfRow(row));
  }

  /**
   * The translations of a stored rule set: a built-in one's files (rulesets/<id>/translations/);
   * none for one published through the API, whose texts show in Italian (and its inline English).
   */
  private translationsOf(row: RuleSetEntity) {
    if (row.source !== 'builtin') return {};
    this.builtIns ??= new Map(loadBuiltIns(this.builtInsDir).map((b) => [b.definition.id, b]));
    return this.builtIns.get(row.id)?.translations ?? {};
  }

  private languagesOfRow(row: RuleSetEntity): RuleSet['languages'] {
    let out = this.languages.get(row.id);
    if (!out) {
      out = languagesOf(row.definition, this.translationsOf(row));
      if (row.status !== 'draft') this.languages.set(row.id, out);
    }
    return out;
  }

  async getDefinition(id: string): Promise<RuleSetDefinition> {
    return (await this.getCompiled(id)).definition;
  }

  async getCompiled(id: string): Promise<CompiledRuleSet> {
    const cached = this.compiled.get(id);
    if (cached) return cached;
    const row = await this.dataSource.getRepository(RuleSetEntity).findOneBy({ id });
    if (!row) throw unknownRuleSet(id);
    const compiled = compileRuleSet(row.definition, this.translationsOf(row));
    if (row.status !== 'draft') this.compiled.set(id, compiled);
    return compiled;
  }

  async parametersOf(id: string): Promise<RuleSetParameter[]> {
    const def = await this.getDefinition(id);
    return Object.entries(def.parameters).map(([name, p]) => ({ name, value: p.value, confirmed: p.confirmed, unit: p.unit, label: p.label }));
  }

  async benefitsOf(id: string): Promise<BenefitInfo[]> {
    const def = await this.getDefinition(id);
    return def.benefits.map((b) => ({ id: b.id, name: b.name, authority: b.authority, successors: b.successors }));
  }

  /**
   * The rule set to use: the one named, or the one in force on `asOf` (today in Rome by default).
   * A date with no rule set in force is the caller's mistake, answered with the rule sets that exist.
   */
  async resolve(opts: { ruleSet?: string; asOf?: string }): Promise<{ ruleSet: CompiledRuleSet; asOf: string }> {
    const asOf = opts.asOf ?? romeDate(this.clock.now());
    if (opts.ruleSet) {
      const ruleSet = await this.getCompiled(opts.ruleSet);
      if (ruleSet.definition.status === 'draft') {
        throw new UnprocessableError(`Rule set ${opts.ruleSet} is a draft`, [{ field: 'ruleSet', issue: 'draft rule sets cannot be used for screening' }]);
      }
      return { ruleSet, asOf };
    }
    const all = await this.publishedDefinitions();
    const chosen = selectRuleSet(all, asOf);
    if (!chosen) {
      const known = all.map((r) => `${r.id} (${r.effectiveFrom} – ${r.effectiveTo ?? '…'})`).join(', ');
      throw new UnprocessableError(`No rule set is in force on ${asOf}. Rule sets: ${known}`, [
        { field: 'asOf', issue: `no rule set in force on ${asOf}; existing: ${known}` },
      ]);
    }
    return { ruleSet: await this.getCompiled(chosen.id), asOf };
  }

  /** Publishes a new rule set (role central). Its id must be new: published ones are never replaced. */
  async publish(input: unknown): Promise<RuleSet> {
    let def: RuleSetDefinition;
    try {
      def = parseRuleSet(typeof input === 'string' ? input : (input as object));
    } catch (e) {
      if (e instanceof RuleSetValidationError) {
        throw new ValidationFailedError(
          'The rule set is not valid',
          e.issues.map((i) => ({ field: jsonPointerToField('definition', i.field), issue: i.issue })),
        );
      }
      throw e;
    }
    const published: RuleSetDefinition = { ...def, status: 'published' };
    if (!(await this.insertIfAbsent(published, 'published', checksumOf(published)))) {
      throw new ConflictError(`Rule set ${published.id} already exists and is immutable; publish under a new id`, [
        { field: 'definition.id', issue: 'already exists' },
      ]);
    }
    this.list = null;
    this.logger.log(`rule set ${published.id} published, in force from ${published.effectiveFrom}`);
    return {
      id: published.id,
      title: published.title,
      effectiveFrom: published.effectiveFrom,
      effectiveTo: published.effectiveTo,
      status: 'published',
      source: 'published',
      languages: languagesOf(published, {}),
    };
  }

  private async insertIfAbsent(def: RuleSetDefinition, source: 'builtin' | 'published', checksum: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO rule_set (id, title, effective_from, effective_to, status, source, definition, checksum)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [def.id, JSON.stringify(def.title), def.effectiveFrom, def.effectiveTo, def.status, source, JSON.stringify(def), checksum],
    );
    return rows.length === 1;
  }

  private async publishedDefinitions(): Promise<RuleSetDefinition[]> {
    if (this.list && Date.now() - this.list.at < LIST_TTL_MS) return this.list.rows;
    const rows = await this.dataSource.getRepository(RuleSetEntity).find({ where: { status: 'published' } });
    const defs = rows.map((r) => r.definition);
    this.list = { at: Date.now(), rows: defs };
    return defs;
  }
}
