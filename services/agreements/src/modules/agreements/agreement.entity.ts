import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AgreementKind, AgreementState, Term } from '../../domain';

export interface AgreementParty {
  /** Exactly one of organisationId (a partner) and inpsUnitId (an INPS structure). */
  readonly organisationId?: string;
  readonly inpsUnitId?: string;
  /** Free label of the party's role in the text (proponent, signatory, implementing body). */
  readonly role: string;
  readonly commitments: readonly string[];
  readonly signedOn?: string | null;
}

@Entity('agreement')
export class AgreementEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 64 }) code: string;
  @Column({ type: 'varchar', length: 16 }) kind: AgreementKind;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', name: 'legal_basis', nullable: true }) legalBasis: string | null;
  @Column({ type: 'uuid', name: 'parent_id', nullable: true }) parentId: string | null;
  @Column({ type: 'uuid', name: 'amends_id', nullable: true }) amendsId: string | null;
  /** How many times the text allows renewing it ("rinnovabile una sola volta" = 1). */
  @Column({ type: 'int', name: 'max_renewals' }) maxRenewals: number;
  @Column({ type: 'uuid', name: 'renews_id', nullable: true }) renewsId: string | null;
  @Column({ type: 'jsonb' }) parties: AgreementParty[];
  @Column({ type: 'text', array: true, name: 'organisation_ids' }) organisationIds: string[];
  @Column({ type: 'text', array: true }) scope: string[];
  @Column({ type: 'date', name: 'effective_from', nullable: true }) effectiveFrom: string | null;
  @Column({ type: 'jsonb', nullable: true }) term: Term | null;
  @Column({ type: 'date', name: 'text_valid_to', nullable: true }) textValidTo: string | null;
  @Column({ type: 'boolean', name: 'it_changes' }) itChanges: boolean;
  @Column({ type: 'boolean', name: 'data_exchange' }) dataExchange: boolean;
  @Column({ type: 'boolean' }) costs: boolean;
  @Column({ type: 'varchar', length: 20 }) status: AgreementState;
  @Column({ type: 'int' }) revision: number;
  @Column({ type: 'date', name: 'signed_on', nullable: true }) signedOn: string | null;
  @Column({ type: 'date', name: 'valid_from', nullable: true }) validFrom: string | null;
  @Column({ type: 'date', name: 'valid_to', nullable: true }) validTo: string | null;
  @Column({ type: 'date', name: 'terminated_on', nullable: true }) terminatedOn: string | null;
  @Column({ type: 'date', name: 'expiry_warning_sent_for', nullable: true }) expiryWarningSentFor: string | null;
  /** Optimistic lock: every write checks and bumps it; a stale one is a 409. */
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'text', name: 'created_by' }) createdBy: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

@Entity('agreement_transition')
export class AgreementTransitionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ type: 'uuid', name: 'agreement_id' }) agreementId: string;
  @Column({ type: 'varchar', length: 32 }) action: string;
  @Column({ type: 'varchar', length: 20, name: 'from_status' }) from: string;
  @Column({ type: 'varchar', length: 20, name: 'to_status' }) to: string;
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'text', nullable: true }) comment: string | null;
}
