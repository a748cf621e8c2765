import type { FieldIssue } from './errors';

/**
 * What the parts of one rule set's compilation share (fact table, numeric, conditions, texts): the
 * issues found so far, and the mode the condition being compiled is read in.
 *
 * Compiling never stops at the first problem: every part records an issue with its JSON path and
 * goes on with a placeholder, so that an author sees every mistake of a rule set at once.
 */
export class CompileContext {
  readonly issues: FieldIssue[] = [];
  /**
   * Facts read by conditions, amounts and askIf, with where each is first read: each needs a
   * question. Fact rules (bounds, implied values, availability) do not count: a fact that only
   * narrows another is asked only if that other one is.
   */
  readonly usedFacts = new Map<number, string>();
  /** Off while compiling fact rules (see usedFacts). */
  private trackUse = true;
  /**
   * Off while compiling conditions that are not about eligibility (notes, askIf, fact rules): they
   * read facts as they are, so a remediable gap (pendingWhen) reads as the plain false it is.
   */
  eligibility = true;

  /** The mode as a key: a condition compiled in one mode reads facts as that mode says. */
  get mode(): string {
    return `${this.eligibility ? 'eligibility' : 'as-is'}:${this.trackUse ? 'used' : 'rules'}`;
  }

  issue(field: string, issue: string): void {
    this.issues.push({ field, issue });
  }

  /** Records that the rules read fact `idx` at `where`, unless fact rules are being compiled. */
  noteUse(idx: number, where: string): void {
    if (this.trackUse && !this.usedFacts.has(idx)) this.usedFacts.set(idx, where);
  }

  /** Runs `compile` for a condition about the situation as it is (a note's `when`, an `askIf`). */
  asIs<T>(compile: () => T): T {
    const before = this.eligibility;
    this.eligibility = false;
    try {
      return compile();
    } finally {
      this.eligibility = before;
    }
  }

  /** Runs `compile` for the fact rules: read as they are, and not making any fact worth asking. */
  factRules<T>(compile: () => T): T {
    const before = { trackUse: this.trackUse, eligibility: this.eligibility };
    this.trackUse = false;
    this.eligibility = false;
    try {
      return compile();
    } finally {
      this.trackUse = before.trackUse;
      this.eligibility = before.eligibility;
    }
  }
}
