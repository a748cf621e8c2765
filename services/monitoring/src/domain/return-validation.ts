import { ReturnBreakdown, ReturnDataElement, ReturnDataset, ReturnRule, returnDatasetByVersion, RETURN_DATASETS } from './return-dataset';
import { compareSemesters, tryParseSemester } from './semester';

/**
 * Validation of a partner's semiannual return against its data-set version. It collects every
 * issue instead of stopping at the first, so that a partner fixes a form in one go; each issue
 * names the field by its path in the request body, in the shape of the API's error details
 * (`{ field, issue }`).
 *
 * Missing categories of a breakdown count as 0, so a partner need not send long lists of
 * zeros; a breakdown that is sent must then add up to its element's total. A breakdown that is
 * not sent at all is not checked (the return is still complete as long as required elements
 * have their totals).
 */

export interface ValidationIssue {
  readonly field: string;
  readonly issue: string;
}

interface ElementValues {
  readonly total: number;
  readonly [breakdownKey: string]: number | Readonly<Record<string, number>>;
}

/** A return that passed validation. */
interface ValidReturn {
  readonly datasetVersion: string;
  readonly semester: string;
  readonly values: Readonly<Record<string, ElementValues>>;
}

export type ReturnValidationResult = { readonly ok: true; readonly value: ValidReturn } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  return typeof value === 'number' ? String(value) : `a ${typeof value}`;
}

function checkCount(value: unknown, field: string, max: number, issues: ValidationIssue[]): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ field, issue: `must be a whole number ≥ 0, got ${describe(value)}` });
    return false;
  }
  if (!Number.isInteger(value) || value < 0) {
    issues.push({ field, issue: `must be a whole number ≥ 0, got ${value}` });
    return false;
  }
  if (value > max) {
    issues.push({ field, issue: `${value} is above the largest accepted value (${max}); check for a typing error` });
    return false;
  }
  return true;
}

export function validateReturn(input: unknown): ReturnValidationResult {
  const issues: ValidationIssue[] = [];
  if (!isRecord(input)) {
    return { ok: false, issues: [{ field: '', issue: `must be an object with datasetVersion, semester and values, got ${describe(input)}` }] };
  }
  for (const key of Object.keys(input)) {
    if (!['datasetVersion', 'semester', 'values'].includes(key)) issues.push({ field: key, issue: 'is not a field of a return' });
  }
  const semesterValue = input.semester;
  if (typeof semesterValue !== 'string') {
    issues.push({ field: 'semester', issue: 'is required, like 2026S1' });
  } else {
    const parsed = tryParseSemester(semesterValue);
    if (!parsed.ok) issues.push({ field: 'semester', issue: parsed.error });
  }
  const versionValue = input.datasetVersion;
  const known = RETURN_DATASETS.map((dataset) => dataset.version).join(', ');
  const dataset = typeof versionValue === 'string' ? returnDatasetByVersion(versionValue) : undefined;
  if (!dataset) {
    issues.push({
      field: 'datasetVersion',
      issue: typeof versionValue === 'string' ? `unknown version "${versionValue}"; known versions: ${known}` : `is required; known versions: ${known}`,
    });
    return { ok: false, issues };
  }
  if (typeof semesterValue === 'string') {
    const parsed = tryParseSemester(semesterValue);
    if (parsed.ok && compareSemesters(parsed.semester, dataset.validFrom) < 0) {
      issues.push({ field: 'datasetVersion', issue: `version ${dataset.version} is used from ${dataset.validFrom}, not for ${parsed.semester.id}` });
    }
  }
  const values = input.values;
  if (!isRecord(values)) {
    issues.push({ field: 'values', issue: `must be an object of data elements, got ${describe(values)}` });
    return { ok: false, issues };
  }
  const valid = validateValues(values, dataset, issues);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { datasetVersion: dataset.version, semester: (semesterValue as string).trim().toUpperCase(), values: valid } };
}

function validateValues(values: Record<string, unknown>, dataset: ReturnDataset, issues: ValidationIssue[]): Record<string, ElementValues> {
  const clean: Record<string, ElementValues> = {};
  for (const key of Object.keys(values)) {
    if (!dataset.elements.some((element) => element.id === key)) {
      issues.push({ field: `values.${key}`, issue: `unknown data element; version ${dataset.version} has ${dataset.elements.map((e) => e.id).join(', ')}` });
    }
  }
  for (const element of dataset.elements) {
    const field = `values.${element.id}`;
    const raw = values[element.id];
    if (raw === undefined) {
      if (element.required) issues.push({ field, issue: 'is required' });
      continue;
    }
    if (!isRecord(raw)) {
      issues.push({ field, issue: `must be an object with a total and its breakdowns, got ${describe(raw)}` });
      continue;
    }
    const parsed = validateElement(raw, element, field, dataset.maxValue, issues);
    if (parsed) clean[element.id] = parsed;
  }
  for (const rule of dataset.rules) checkRule(rule, clean, dataset, issues);
  return clean;
}

function validateElement(
  raw: Record<string, unknown>,
  element: ReturnDataElement,
  field: string,
  max: number,
  issues: ValidationIssue[],
): ElementValues | null {
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (key !== 'total' && !element.breakdowns.some((breakdown) => breakdown.key === key)) {
      const allowed = element.breakdowns.map((breakdown) => breakdown.key).join(', ') || 'none';
      issues.push({ field: `${field}.${key}`, issue: `unknown breakdown for ${element.id}; allowed: ${allowed}` });
      ok = false;
    }
  }
  if (raw.total === undefined) {
    issues.push({ field: `${field}.total`, issue: 'is required' });
    ok = false;
  } else if (!checkCount(raw.total, `${field}.total`, max, issues)) {
    ok = false;
  }
  const result: Record<string, number | Record<string, number>> = { total: typeof raw.total === 'number' ? raw.total : 0 };
  for (const breakdown of element.breakdowns) {
    const rawBreakdown = raw[breakdown.key];
    if (rawBreakdown === undefined) continue;
    const parsed = validateBreakdown(rawBreakdown, breakdown, `${field}.${breakdown.key}`, max, issues);
    if (!parsed) {
      ok = false;
      continue;
    }
    result[breakdown.key] = parsed;
    if (typeof raw.total === 'number' && Number.isInteger(raw.total)) {
      const sum = Object.values(parsed).reduce((a, b) => a + b, 0);
      if (sum !== raw.total) {
        const what = breakdown.kind === 'multi' ? `(each person once per category, so the total counts person–category pairs) ` : '';
        issues.push({
          field: `${field}.${breakdown.key}`,
          issue: `categories add up to ${sum} but the total is ${raw.total} ${what}`.trim(),
        });
        ok = false;
      }
    }
  }
  return ok ? (result as ElementValues) : null;
}

function validateBreakdown(raw: unknown, breakdown: ReturnBreakdown, field: string, max: number, issues: ValidationIssue[]): Record<string, number> | null {
  if (!isRecord(raw)) {
    issues.push({ field, issue: `must be an object of category: count, got ${describe(raw)}` });
    return null;
  }
  let ok = true;
  const counts: Record<string, number> = {};
  for (const [category, value] of Object.entries(raw)) {
    if (!breakdown.categories.includes(category)) {
      issues.push({ field: `${field}.${category}`, issue: `unknown category; allowed: ${breakdown.categories.join(', ')}` });
      ok = false;
      continue;
    }
    if (checkCount(value, `${field}.${category}`, max, issues)) counts[category] = value;
    else ok = false;
  }
  if (!ok) return null;
  // Canonical order and explicit zeros, so that stored returns compare and sum simply.
  const complete: Record<string, number> = {};
  for (const category of breakdown.categories) complete[category] = counts[category] ?? 0;
  return complete;
}

function categoriesOf(values: ElementValues | undefined, key: string): Record<string, number> | undefined {
  const breakdown = values?.[key];
  return typeof breakdown === 'object' ? breakdown : undefined;
}

function checkRule(rule: ReturnRule, values: Record<string, ElementValues>, dataset: ReturnDataset, issues: ValidationIssue[]): void {
  switch (rule.kind) {
    case 'notGreater':
    case 'sumNotGreater': {
      const lefts = rule.kind === 'notGreater' ? [rule.left] : rule.left;
      const right = values[rule.right];
      const present = lefts.filter((id) => values[id] !== undefined);
      if (!right || present.length === 0) return;
      const leftTotal = present.reduce((sum, id) => sum + values[id].total, 0);
      const what = present.length === 1 ? present[0] : present.join(' + ');
      if (leftTotal > right.total) {
        issues.push({
          field: `values.${present[present.length - 1]}.total`,
          issue: `${what} (${leftTotal}) cannot be more than ${rule.right} (${right.total})`,
        });
      }
      if (!rule.byCategory) return;
      const element = dataset.elements.find((e) => e.id === rule.right);
      for (const breakdown of element?.breakdowns ?? []) {
        const rightCategories = categoriesOf(right, breakdown.key);
        const leftCategories = present.map((id) => categoriesOf(values[id], breakdown.key));
        if (!rightCategories || leftCategories.some((categories) => categories === undefined)) continue;
        for (const category of breakdown.categories) {
          const leftValue = leftCategories.reduce((sum, categories) => sum + (categories?.[category] ?? 0), 0);
          if (leftValue > rightCategories[category]) {
            issues.push({
              field: `values.${present[present.length - 1]}.${breakdown.key}.${category}`,
              issue: `${what} (${leftValue}) cannot be more than ${rule.right} (${rightCategories[category]}) for ${category}`,
            });
          }
        }
      }
      return;
    }
    case 'categoriesNotGreaterThanTotal': {
      const categories = categoriesOf(values[rule.element], rule.breakdownKey);
      const people = values[rule.people];
      if (!categories || !people) return;
      for (const [category, value] of Object.entries(categories)) {
        if (value > people.total) {
          issues.push({
            field: `values.${rule.element}.${rule.breakdownKey}.${category}`,
            issue: `${value} is more than the ${people.total} ${rule.people}: a person counts at most once per category`,
          });
        }
      }
      return;
    }
    case 'equalsCategory': {
      const element = values[rule.element];
      const categories = categoriesOf(values[rule.other], rule.breakdownKey);
      if (!element || !categories) return;
      if (element.total !== categories[rule.category]) {
        issues.push({
          field: `values.${rule.element}.total`,
          issue: `must equal ${rule.other}.${rule.breakdownKey}.${rule.category} (${categories[rule.category]}), got ${element.total}`,
        });
      }
      return;
    }
  }
}
