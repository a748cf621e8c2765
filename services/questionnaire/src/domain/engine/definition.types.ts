/**
 * The shape of a rule set as written in YAML (after JSON-Schema validation).
 * These types mirror ruleset.schema.json beside them; keep the two in step.
 */

import type { Text } from '@inps/kernel';

export type FactValue = number | boolean | string;
/**
 * Facts by name. An absent fact is unknown; a fact given as `null` is unknown too, and declared so
 * ("don't know"): the question that sets it is not asked again.
 */
export type Facts = Readonly<Record<string, FactValue | null>>;

export type FactType = 'integer' | 'number' | 'boolean' | 'enum';
export type Unit = 'EUR' | 'years' | 'days' | 'weeks' | 'months' | 'percent' | 'count' | 'ratio' | 'year' | 'none';

export interface ParameterDefinition {
  value: number;
  confirmed: boolean;
  unit: Unit;
  label: Text;
  source?: string;
}

interface EnumValueDefinition {
  value: string;
  label: Text;
}

/** A value a fact takes, without being asked, when a condition holds (e.g. no minors in a one-adult household). */
interface ImpliedValue {
  when: ConditionNode;
  value: FactValue;
}

export interface FactDefinition {
  type: FactType;
  label: Text;
  unit?: Unit;
  min?: number;
  max?: number;
  values?: EnumValueDefinition[];
  /** Limits that depend on other facts (e.g. minors ≤ household size); used to narrow unknown values and to reject contradictions. */
  bounds?: { min?: Expr; max?: Expr };
  implied?: ImpliedValue[];
  /** The fact exists only when this boolean fact is true (the ISEE value needs a filed DSU). */
  availableWhen?: string;
  /** What the person can do to make the fact available; named in the verdict. */
  unavailableStep?: Text;
  /** For a boolean fact: a false value is a remediable gap, not a refusal, while this condition holds. */
  pendingWhen?: ConditionNode;
  pendingStep?: Text;
}

export interface DerivedDefinition {
  label: Text;
  unit: Unit;
  /** Which simplification was made; shown wherever the value is used. */
  note?: Text;
  value: Expr;
}

export interface NodeMeta {
  label?: Text;
  /** Text shown instead of the label when the node fails (e.g. to point at a partial right). */
  labelFalse?: Text;
  /** Text for a near miss ("would qualify if ..."); defaults to a form built from the node. */
  wouldQualifyIf?: Text;
}

export type Literal = number | string | boolean;
export type ComparisonOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

interface AllNode extends NodeMeta {
  all: ConditionNode[];
}
interface AnyNode extends NodeMeta {
  any: ConditionNode[];
}
interface NotNode extends NodeMeta {
  not: ConditionNode;
}
interface EqNode extends NodeMeta {
  eq: [Expr, Expr];
}
interface NeNode extends NodeMeta {
  ne: [Expr, Expr];
}
interface LtNode extends NodeMeta {
  lt: [Expr, Expr];
}
interface LeNode extends NodeMeta {
  le: [Expr, Expr];
}
interface GtNode extends NodeMeta {
  gt: [Expr, Expr];
}
interface GeNode extends NodeMeta {
  ge: [Expr, Expr];
}
interface InNode extends NodeMeta {
  in: [Expr, Literal[]];
}
interface IsTrueNode extends NodeMeta {
  isTrue: string;
}
interface IsFalseNode extends NodeMeta {
  isFalse: string;
}
interface RefNode extends NodeMeta {
  ref: string;
}

export type ConditionNode = AllNode | AnyNode | NotNode | EqNode | NeNode | LtNode | LeNode | GtNode | GeNode | InNode | IsTrueNode | IsFalseNode | RefNode;

interface FactExpr {
  fact: string;
  ifUnavailable?: Expr;
}
interface ParamExpr {
  param: string;
}
interface DerivedExpr {
  derived: string;
}
interface AddExpr {
  add: Expr[];
}
interface SubExpr {
  sub: [Expr, Expr];
}
interface MulExpr {
  mul: Expr[];
}
interface DivExpr {
  div: [Expr, Expr];
}
interface MinExpr {
  min: Expr[];
}
interface MaxExpr {
  max: Expr[];
}
interface IfExpr {
  if: ConditionNode;
  then: Expr;
  else: Expr;
}
/** Rounds to cents. */
interface RoundExpr {
  round: Expr;
}

export type Expr = Literal | FactExpr | ParamExpr | DerivedExpr | AddExpr | SubExpr | MulExpr | DivExpr | MinExpr | MaxExpr | IfExpr | RoundExpr;

export interface ConditionalText {
  when?: ConditionNode;
  text: Text;
}

export interface AmountDefinition {
  period: 'once' | 'month' | 'year';
  value: Expr;
  notes?: ConditionalText[];
}

interface HowToApplyDefinition {
  /** Ids from the rule set's `channels`. */
  channels: string[];
  documents: Text[];
  deadline?: Text;
  notes?: ConditionalText[];
}

interface SuccessorDefinition {
  id: string;
  since: string;
  relation: 'replaced' | 'continues';
  name: Text;
}

export interface BenefitDefinition {
  id: string;
  name: Text;
  description: Text;
  authority: 'INPS' | 'COMUNE';
  condition: ConditionNode;
  amount?: AmountDefinition;
  howToApply: HowToApplyDefinition;
  successors?: SuccessorDefinition[];
}

interface QuestionOption {
  value: string;
  label: Text;
}

export interface QuestionDefinition {
  id: string;
  fact: string;
  type: 'boolean' | 'number' | 'integer' | 'choice';
  label: Text;
  help?: Text;
  options?: QuestionOption[];
  min?: number;
  max?: number;
  askIf?: ConditionNode;
}

export interface RuleSetDefinition {
  id: string;
  title: Text;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: 'draft' | 'published' | 'retired';
  description?: Text;
  parameters: Record<string, ParameterDefinition>;
  facts: Record<string, FactDefinition>;
  derived?: Record<string, DerivedDefinition>;
  /** Named conditions shared by several benefits (`ref`). */
  conditions?: Record<string, ConditionNode>;
  channels?: Record<string, Text>;
  /** Notes added to every benefit's guidance when their condition holds (e.g. homeless without residence). */
  notes?: ConditionalText[];
  benefits: BenefitDefinition[];
  questions: QuestionDefinition[];
}
