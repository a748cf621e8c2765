/** A problem with one input field; `field` is a path such as `facts.age`, `value` or `/benefits/0/condition`. */
export interface FieldIssue {
  field: string;
  issue: string;
}

export class RuleSetValidationError extends Error {
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[], ruleSetId?: string) {
    const head = issues
      .slice(0, 5)
      .map((i) => `${i.field}: ${i.issue}`)
      .join('; ');
    const more = issues.length > 5 ? ` (+${issues.length - 5} more)` : '';
    super(`Invalid rule set${ruleSetId ? ` ${ruleSetId}` : ''}: ${head}${more}`);
    this.name = 'RuleSetValidationError';
    this.issues = issues;
  }
}
