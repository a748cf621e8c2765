import type { Language, Text } from '@inps/kernel';
import type { CompileContext } from './compile-context';
import type { NodeMeta } from './definition.types';
import type { FactReader } from './fact-reader';
import type { FactTable } from './fact-table';
import { formatRange, LANG_INDEX, parseTemplate, perLanguage } from './format';
import type { NumericCompiler } from './numeric';
import { FALSE, type EvalContext, type Tri } from './runtime';
import { combine, type TextStatus } from './text-status';
import type { Translator } from './translator';
import { wordsIn } from './words';

/**
 * Compiles the texts of a rule set (labels, near-miss texts, notes) into render functions. A
 * template such as "ISEE {isee} ≤ {threshold}" is split once into literals and slots; rendering is
 * then a concatenation of the literals with each slot's current text. A template whose slots are
 * all parameters is the same every time, so it is rendered once here.
 */

/** A condition's line of explanation, given how the condition came out. */
export type Render = (c: EvalContext, lang: Language, tri: Tri) => string;
/** A text that does not depend on the outcome (a note, a near-miss text, a template). */
export type RenderPlain = (c: EvalContext, lang: Language) => string;

/** A status per language (LANG_INDEX order). */
export type Statuses = readonly TextStatus[];

export interface NodeTexts {
  /** The explanation line: `labelFalse` when the node failed and has one, else `label`, else the automatic text. */
  readonly render: Render;
  /** What would make the node hold, for near misses: `wouldQualifyIf`, else the automatic text. */
  readonly renderWould: RenderPlain;
  /** The status of `render`'s line when the node did not fail, when it failed, and of `renderWould`'s. */
  readonly statusHolds: Statuses;
  readonly statusFails: Statuses;
  readonly statusWould: Statuses;
}

export interface CompiledText {
  readonly render: RenderPlain;
  readonly status: Statuses;
}

export class TextCompiler {
  constructor(
    private readonly table: FactTable,
    private readonly reader: FactReader,
    private readonly numeric: NumericCompiler,
    private readonly ctx: CompileContext,
    readonly tr: Translator,
  ) {}

  /**
   * Compiles a template; slots name facts, parameters, derived values, or those in `extra` (the
   * `left`/`right` operands of a numeric comparison). A template with no translation falls back to
   * Italian as a whole, figures and words in it included, so that a line is never half translated.
   */
  compile(text: Text, path: string, extra?: Record<string, RenderPlain>): RenderPlain {
    return this.compileText(text, path, extra).render;
  }

  compileText(text: Text, path: string, extra?: Record<string, RenderPlain>): CompiledText {
    const paramText = this.numeric.paramText;
    const status = perLanguage((lang) => {
      const shown = this.tr.languageOf(text, lang);
      const own = this.tr.statusIn(shown);
      return parseTemplate(text.it).slots.length > 0 ? combine(own, wordsIn(shown).status) : own;
    });
    const isParam = (name: string): boolean => paramText.has(name) && !(extra && extra[name]) && !this.table.index.has(name);
    const compiled = perLanguage((asked) => {
      const lang = this.tr.languageOf(text, asked);
      const t = parseTemplate(this.tr.in(text, asked));
      const fixed = t.slots.every(isParam)
        ? t.literals.reduce((out, lit, i) => out + lit + (i < t.slots.length ? (paramText.get(t.slots[i]) as string[])[LANG_INDEX[lang]] : ''), '')
        : undefined;
      // A parameter's text is fixed: it joins the literal text around it, so only the other slots are filled in.
      const literals = [t.literals[0]];
      const slotFns: RenderPlain[] = [];
      t.slots.forEach((name, i) => {
        if (isParam(name) && name !== 'left' && name !== 'right') {
          literals[literals.length - 1] += (paramText.get(name) as string[])[LANG_INDEX[lang]] + t.literals[i + 1];
        } else {
          slotFns.push(this.slot(name, `${path}/${asked}`, extra));
          literals.push(t.literals[i + 1]);
        }
      });
      return { literals, slotFns, fixed, lang };
    });
    if (compiled.every((t) => t.fixed !== undefined)) {
      const fixed = compiled.map((t) => t.fixed as string);
      return { render: (_c, lang) => fixed[LANG_INDEX[lang]], status };
    }
    const render: RenderPlain = (c, asked) => {
      const t = compiled[LANG_INDEX[asked]];
      const lang = t.lang;
      let out = t.literals[0];
      for (let i = 0; i < t.slotFns.length; i++) out += t.slotFns[i](c, lang) + t.literals[i + 1];
      return out;
    };
    return { render, status };
  }

  /**
   * The texts of a condition node: its own `label`, `labelFalse` and `wouldQualifyIf` when the rule
   * set gives them, else `auto` and `autoWould`, which the condition compiler builds from the facts
   * and figures the node compares.
   */
  forNode(meta: NodeMeta, path: string, auto: Render, autoWould: RenderPlain, autoStatus: Statuses, slots?: Record<string, RenderPlain>): NodeTexts {
    const labelText = meta.label ? this.compileText(meta.label, `${path}/label`, slots) : undefined;
    const labelFalseText = meta.labelFalse ? this.compileText(meta.labelFalse, `${path}/labelFalse`, slots) : undefined;
    const wouldText = meta.wouldQualifyIf ? this.compileText(meta.wouldQualifyIf, `${path}/wouldQualifyIf`, slots) : undefined;
    const label = labelText?.render;
    const labelFalse = labelFalseText?.render;
    // Picked here rather than on each call: most nodes have no label of their own.
    const render: Render =
      label === undefined
        ? labelFalse === undefined
          ? auto
          : (c, lang, tri) => (tri === FALSE ? labelFalse(c, lang) : auto(c, lang, tri))
        : labelFalse === undefined
          ? label
          : (c, lang, tri) => (tri === FALSE ? labelFalse : label)(c, lang);
    const renderWould: RenderPlain = wouldText?.render ?? autoWould;
    const statusHolds = labelText?.status ?? autoStatus;
    return { render, renderWould, statusHolds, statusFails: labelFalseText?.status ?? statusHolds, statusWould: wouldText?.status ?? autoStatus };
  }

  private slot(name: string, path: string, extra?: Record<string, RenderPlain>): RenderPlain {
    if (extra && extra[name]) return extra[name];
    if (name === 'left' || name === 'right') {
      this.ctx.issue(path, `{${name}} is only available in the label of a numeric comparison`);
      return () => '?';
    }
    const f = this.table.find(name);
    if (f !== undefined) {
      const reader = this.reader;
      return (c, lang) => reader.format(c, f, lang);
    }
    const pText = this.numeric.paramText.get(name);
    if (pText) return (_c, lang) => pText[LANG_INDEX[lang]];
    if (this.numeric.hasDerived(name)) {
      const d = this.numeric.useDerived(name, path);
      if (!d) return () => '?';
      const unit = d.def.unit;
      return (c, lang) => {
        d.fn(c);
        return formatRange(c.lo, c.hi, unit, lang);
      };
    }
    this.ctx.issue(path, `unknown placeholder {${name}}`);
    return () => '?';
  }
}
