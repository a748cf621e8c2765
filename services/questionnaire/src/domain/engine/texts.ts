import { type Language, type Text, textIn } from '@inps/kernel';
import type { CompileContext } from './compile-context';
import type { NodeMeta } from './definition.types';
import type { FactReader } from './fact-reader';
import type { FactTable } from './fact-table';
import { formatRange, LANG_INDEX, parseTemplate, perLanguage } from './format';
import type { NumericCompiler } from './numeric';
import { FALSE, type EvalContext, type Tri } from './runtime';

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

export interface NodeTexts {
  /** The explanation line: `labelFalse` when the node failed and has one, else `label`, else the automatic text. */
  readonly render: Render;
  /** What would make the node hold, for near misses: `wouldQualifyIf`, else the automatic text. */
  readonly renderWould: RenderPlain;
}

export class TextCompiler {
  constructor(
    private readonly table: FactTable,
    private readonly reader: FactReader,
    private readonly numeric: NumericCompiler,
    private readonly ctx: CompileContext,
  ) {}

  /**
   * Compiles a template; slots name facts, parameters, derived values, or those in `extra` (the
   * `left`/`right` operands of a numeric comparison).
   */
  compile(text: Text, path: string, extra?: Record<string, RenderPlain>): RenderPlain {
    const paramText = this.numeric.paramText;
    const compiled = perLanguage((lang) => {
      const t = parseTemplate(textIn(text, lang));
      const slotFns: RenderPlain[] = t.slots.map((name) => this.slot(name, `${path}/${lang}`, extra));
      const fixed = t.slots.every((name) => paramText.has(name) && !(extra && extra[name]) && !this.table.index.has(name))
        ? t.literals.reduce((out, lit, i) => out + lit + (i < t.slots.length ? (paramText.get(t.slots[i]) as string[])[LANG_INDEX[lang]] : ''), '')
        : undefined;
      return { literals: t.literals, slotFns, fixed };
    });
    if (compiled.every((t) => t.fixed !== undefined)) {
      const fixed = compiled.map((t) => t.fixed as string);
      return (_c, lang) => fixed[LANG_INDEX[lang]];
    }
    return (c, lang) => {
      const t = compiled[LANG_INDEX[lang]];
      let out = t.literals[0];
      for (let i = 0; i < t.slotFns.length; i++) out += t.slotFns[i](c, lang) + t.literals[i + 1];
      return out;
    };
  }

  /**
   * The texts of a condition node: its own `label`, `labelFalse` and `wouldQualifyIf` when the rule
   * set gives them, else `auto` and `autoWould`, which the condition compiler builds from the facts
   * and figures the node compares.
   */
  forNode(meta: NodeMeta, path: string, auto: Render, autoWould: RenderPlain, slots?: Record<string, RenderPlain>): NodeTexts {
    const label = meta.label ? this.compile(meta.label, `${path}/label`, slots) : undefined;
    const labelFalse = meta.labelFalse ? this.compile(meta.labelFalse, `${path}/labelFalse`, slots) : undefined;
    const would = meta.wouldQualifyIf ? this.compile(meta.wouldQualifyIf, `${path}/wouldQualifyIf`, slots) : undefined;
    const render: Render = (c, lang, tri) => {
      if (tri === FALSE && labelFalse) return labelFalse(c, lang);
      return label ? label(c, lang) : auto(c, lang, tri);
    };
    const renderWould: RenderPlain = would ?? autoWould;
    return { render, renderWould };
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
