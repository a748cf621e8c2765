import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** How an error code is written: `VALIDATION_FAILED`, `CONFLICT`. */
const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
/** Errors whose arguments are never an API code. */
const NOT_API_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'CatalogueError', 'ConfigError', 'GraphQLError']);
/** Functions whose string arguments in code form are the code of an answer. */
const ANSWER_FUNCTIONS = new Set(['errorBody', 'sendGraphQLError']);
/** Object properties holding an error, whose `code` is the code of an answer. */
const ERROR_HOLDERS = new Set(['extensions', 'error', 'refusal']);

export interface CodeUse {
  readonly code: string;
  readonly file: string;
  readonly line: number;
}

function nameOf(node: ts.Node): string {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return '';
}

function propertyName(node: ts.PropertyName): string {
  return ts.isIdentifier(node) || ts.isStringLiteral(node) ? node.text : '';
}

/**
 * The error codes a source file writes as literals where an answer's code goes: arguments of
 * `new SomethingError(...)` (a bare code, or `{ code }`), `super('CODE', ...)` in an error class,
 * `errorBody('CODE', ...)` and `sendGraphQLError(res, status, 'CODE', ...)`, and `code: 'CODE'` of an
 * object under `extensions`, `error` or `refusal`.
 */
export function errorCodesIn(file: string, text: string = readFileSync(file, 'utf8')): CodeUse[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const uses: CodeUse[] = [];
  const add = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && CODE.test(node.text)) {
      uses.push({ code: node.text, file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
  };
  const codeProperty = (node: ts.Node): void => {
    if (!ts.isObjectLiteralExpression(node)) return;
    for (const p of node.properties) if (ts.isPropertyAssignment(p) && propertyName(p.name) === 'code') add(p.initializer);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node)) {
      const name = nameOf(node.expression);
      if (name.endsWith('Error') && !NOT_API_ERRORS.has(name)) {
        for (const a of node.arguments ?? []) {
          add(a);
          codeProperty(a);
        }
      }
    }
    if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.SuperKeyword) {
        const cls = ts.findAncestor(node, ts.isClassDeclaration);
        const parent = cls?.heritageClauses?.[0]?.types[0]?.expression;
        if (parent && nameOf(parent).endsWith('Error') && node.arguments[0]) add(node.arguments[0]);
      } else if (ANSWER_FUNCTIONS.has(nameOf(node.expression))) {
        node.arguments.forEach(add);
      }
    }
    if (ts.isPropertyAssignment(node) && ERROR_HOLDERS.has(propertyName(node.name))) codeProperty(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}
