import type { TerritoryHierarchy } from '@inps/kernel';
import type { Actor } from './actor';
import type { Result } from './domain-error';
import { detail, ok } from './domain-error';
import type { MachineSpec, TransitionRejection, TransitionRule } from './state-machine';
import { belongsTo, hasCompetence, isNationalActor, isPartnerStaff } from './scope';
import { allowedActions, decide } from './state-machine';

/**
 * Technical tables: a LOCAL one sits in a territory (usually under a territorial agreement) and is
 * run by the territorial structure; a CENTRAL one is national and only the central directorate runs
 * it. Issues a local table cannot settle are escalated to a central table.
 */

export const TECHNICAL_TABLE_LEVELS = ['LOCAL', 'CENTRAL'] as const;
export type TechnicalTableLevel = (typeof TECHNICAL_TABLE_LEVELS)[number];
export const TECHNICAL_TABLE_STATUSES = ['ACTIVE', 'CLOSED'] as const;
export type TechnicalTableStatus = (typeof TECHNICAL_TABLE_STATUSES)[number];
export const TECHNICAL_TABLE_ACTIONS = ['close', 'reopen'] as const;
export type TechnicalTableAction = (typeof TECHNICAL_TABLE_ACTIONS)[number];
export const TABLE_MEMBER_ROLES = ['CHAIR', 'SECRETARY', 'MEMBER', 'OBSERVER'] as const;
export type TableMemberRole = (typeof TABLE_MEMBER_ROLES)[number];

export const MEETING_STATUSES = ['PLANNED', 'HELD', 'CANCELLED'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_ACTIONS = ['mark_held', 'cancel'] as const;
export type MeetingAction = (typeof MEETING_ACTIONS)[number];

export const TABLE_ISSUE_STATUSES = ['OPEN', 'RESOLVED', 'ESCALATED'] as const;
export type TableIssueStatus = (typeof TABLE_ISSUE_STATUSES)[number];
export const TABLE_ISSUE_ACTIONS = ['resolve', 'escalate'] as const;
export type TableIssueAction = (typeof TABLE_ISSUE_ACTIONS)[number];

export interface TableScope {
  readonly level: TechnicalTableLevel;
  readonly territoryCode: string | null;
  readonly status: TechnicalTableStatus;
}

/** Central manages every table; territorial staff only local tables inside their territories. */
export function canManageTable(actor: Actor, table: TableScope, hierarchy: TerritoryHierarchy): boolean {
  if (actor.roles.includes('central')) return true;
  return actor.roles.includes('territorial') && inTerritorialScope(actor, table, hierarchy);
}

function inTerritorialScope(actor: Actor, table: TableScope, hierarchy: TerritoryHierarchy): boolean {
  return table.level === 'LOCAL' && table.territoryCode !== null && hasCompetence(actor, table.territoryCode, hierarchy);
}

/**
 * Territorial staff see the local tables of their territories and every central table (to escalate
 * to it); partners see the tables their organisation sits at.
 */
export function canSeeTable(
  actor: Actor,
  table: Pick<TableScope, 'level' | 'territoryCode'>,
  memberOrganisations: readonly string[],
  hierarchy: TerritoryHierarchy,
): boolean {
  if (isNationalActor(actor)) return true;
  if (actor.roles.includes('territorial')) {
    if (table.level === 'CENTRAL') return true;
    if (table.territoryCode !== null && hasCompetence(actor, table.territoryCode, hierarchy)) return true;
  }
  return isPartnerStaff(actor) && memberOrganisations.some((id) => belongsTo(actor, id));
}

interface TableContext {
  readonly table: TableScope;
  readonly hierarchy: TerritoryHierarchy;
}

const TECHNICAL_TABLE_MACHINE: MachineSpec<TechnicalTableStatus, TechnicalTableAction, never, TableContext> = {
  subject: { it: 'il tavolo tecnico', en: 'the technical table' },
  rules: [
    { action: 'close', from: ['ACTIVE'], to: 'CLOSED', roles: ['central', 'territorial'], conditions: [] },
    { action: 'reopen', from: ['CLOSED'], to: 'ACTIVE', roles: ['central', 'territorial'], conditions: [] },
  ],
  conditions: {},
  inScope: (actor, ctx) => inTerritorialScope(actor, ctx.table, ctx.hierarchy),
  scopeField: 'territoryCode',
};

export function transitionTechnicalTable(
  table: TableScope,
  action: TechnicalTableAction,
  actor: Actor,
  hierarchy: TerritoryHierarchy,
): Result<TechnicalTableStatus, TransitionRejection<TechnicalTableStatus, TechnicalTableAction>> {
  const decision = decide(TECHNICAL_TABLE_MACHINE, table.status, action, actor, { table, hierarchy });
  return decision.ok ? ok(decision.value.to) : decision;
}

export function technicalTableAllowedActions(table: TableScope, actor: Actor, hierarchy: TerritoryHierarchy): TechnicalTableAction[] {
  return allowedActions(TECHNICAL_TABLE_MACHINE, table.status, actor, { table, hierarchy });
}

type MeetingCondition = 'REASON_GIVEN' | 'MINUTES_GIVEN' | 'MEETING_STARTED';

export interface MeetingCommand {
  readonly action: MeetingAction;
  readonly reason?: string;
  readonly minutesDocumentId?: string;
}

interface MeetingContext extends TableContext {
  readonly startsAt: Date;
  readonly command: MeetingCommand | null;
  readonly now: Date;
}

const MEETING_MACHINE: MachineSpec<MeetingStatus, MeetingAction, MeetingCondition, MeetingContext> = {
  subject: { it: 'la riunione del tavolo', en: 'the table meeting' },
  rules: [
    { action: 'mark_held', from: ['PLANNED'], to: 'HELD', roles: ['central', 'territorial'], conditions: ['MEETING_STARTED', 'MINUTES_GIVEN'] },
    { action: 'cancel', from: ['PLANNED'], to: 'CANCELLED', roles: ['central', 'territorial'], conditions: ['REASON_GIVEN'] },
  ] satisfies readonly TransitionRule<MeetingStatus, MeetingAction, MeetingCondition>[],
  conditions: {
    REASON_GIVEN: {
      kind: 'input',
      check: ({ command }) => (command?.reason?.trim() ? null : detail('reason', 'REASON_REQUIRED', 'Indicare la motivazione.', 'A reason is required.')),
    },
    MINUTES_GIVEN: {
      kind: 'input',
      check: ({ command }) =>
        command?.minutesDocumentId
          ? null
          : detail('minutesDocumentId', 'MINUTES_REQUIRED', 'Allegare il verbale della riunione.', 'The minutes document is required.'),
    },
    // A meeting cannot have been held before it starts.
    MEETING_STARTED: {
      kind: 'state',
      check: ({ startsAt, now }) =>
        now.getTime() >= startsAt.getTime()
          ? null
          : detail('startsAt', 'MEETING_NOT_STARTED', 'La riunione non è ancora iniziata.', 'The meeting has not started yet.'),
    },
  },
  inScope: (actor, ctx) => inTerritorialScope(actor, ctx.table, ctx.hierarchy),
  scopeField: 'territoryCode',
};

export function transitionMeeting(
  meeting: { readonly status: MeetingStatus; readonly startsAt: Date },
  table: TableScope,
  command: MeetingCommand,
  actor: Actor,
  now: Date,
  hierarchy: TerritoryHierarchy,
): Result<MeetingStatus, TransitionRejection<MeetingStatus, MeetingAction>> {
  const decision = decide(MEETING_MACHINE, meeting.status, command.action, actor, { table, hierarchy, startsAt: meeting.startsAt, command, now });
  return decision.ok ? ok(decision.value.to) : decision;
}

export function meetingAllowedActions(
  meeting: { readonly status: MeetingStatus; readonly startsAt: Date },
  table: TableScope,
  actor: Actor,
  now: Date,
  hierarchy: TerritoryHierarchy,
): MeetingAction[] {
  return allowedActions(MEETING_MACHINE, meeting.status, actor, { table, hierarchy, startsAt: meeting.startsAt, command: null, now });
}

type IssueCondition = 'NOTE_GIVEN' | 'LOCAL_TABLE' | 'TARGET_GIVEN';

export interface IssueCommand {
  readonly action: TableIssueAction;
  readonly note?: string;
  readonly centralTableId?: string;
}

interface IssueContext extends TableContext {
  readonly command: IssueCommand | null;
}

/**
 * Only the central directorate resolves an escalated issue: escalating hands it over, so the local
 * table can no longer close it alone.
 */
const ISSUE_MACHINE: MachineSpec<TableIssueStatus, TableIssueAction, IssueCondition, IssueContext> = {
  subject: { it: 'la questione', en: 'the issue' },
  rules: [
    { action: 'resolve', from: ['OPEN'], to: 'RESOLVED', roles: ['central', 'territorial'], conditions: ['NOTE_GIVEN'] },
    { action: 'resolve', from: ['ESCALATED'], to: 'RESOLVED', roles: ['central'], conditions: ['NOTE_GIVEN'] },
    { action: 'escalate', from: ['OPEN'], to: 'ESCALATED', roles: ['central', 'territorial'], conditions: ['LOCAL_TABLE', 'TARGET_GIVEN'] },
  ] satisfies readonly TransitionRule<TableIssueStatus, TableIssueAction, IssueCondition>[],
  conditions: {
    NOTE_GIVEN: {
      kind: 'input',
      check: ({ command }) =>
        command?.note?.trim() ? null : detail('note', 'NOTE_REQUIRED', 'Indicare come è stata risolta.', 'A resolution note is required.'),
    },
    TARGET_GIVEN: {
      kind: 'input',
      check: ({ command }) =>
        command?.centralTableId ? null : detail('centralTableId', 'TARGET_REQUIRED', 'Indicare il tavolo centrale.', 'Give the central table to escalate to.'),
    },
    LOCAL_TABLE: {
      kind: 'state',
      check: ({ table }) =>
        table.level === 'LOCAL'
          ? null
          : detail(
              'level',
              'NOT_LOCAL',
              'Solo le questioni dei tavoli locali si possono rimettere al tavolo centrale.',
              'Only issues of local tables can be escalated.',
            ),
    },
  },
  inScope: (actor, ctx) => inTerritorialScope(actor, ctx.table, ctx.hierarchy),
  scopeField: 'territoryCode',
};

export function transitionIssue(
  status: TableIssueStatus,
  table: TableScope,
  command: IssueCommand,
  actor: Actor,
  hierarchy: TerritoryHierarchy,
): Result<TableIssueStatus, TransitionRejection<TableIssueStatus, TableIssueAction>> {
  const decision = decide(ISSUE_MACHINE, status, command.action, actor, { table, hierarchy, command });
  return decision.ok ? ok(decision.value.to) : decision;
}

export function issueAllowedActions(status: TableIssueStatus, table: TableScope, actor: Actor, hierarchy: TerritoryHierarchy): TableIssueAction[] {
  return allowedActions(ISSUE_MACHINE, status, actor, { table, hierarchy, command: null });
}
