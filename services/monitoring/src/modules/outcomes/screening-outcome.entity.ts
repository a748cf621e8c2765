import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One completed screening as the questionnaire reported it: no personal data, bands only. */
@Entity({ name: 'screening_outcome' })
export class ScreeningOutcomeEntity {
  @PrimaryColumn({ name: 'screening_id', type: 'uuid' })
  screeningId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'rule_set_id', type: 'varchar', length: 64 })
  ruleSetId: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'varchar', length: 6 })
  semester: string;

  @Column({ name: 'comune_code', type: 'varchar', length: 6, nullable: true })
  comuneCode: string | null;

  @Column({ name: 'province_code', type: 'varchar', length: 6, nullable: true })
  provinceCode: string | null;

  @Column({ name: 'region_code', type: 'varchar', length: 6, nullable: true })
  regionCode: string | null;

  @Column({ name: 'organisation_id', type: 'varchar', length: 64, nullable: true })
  organisationId: string | null;

  @Column({ type: 'varchar', length: 16 })
  channel: string;

  @Column({ type: 'varchar', length: 8 })
  mode: string;

  @Column({ name: 'age_band', type: 'varchar', length: 8 })
  ageBand: string;

  @Column({ name: 'household_size_band', type: 'varchar', length: 8 })
  householdSizeBand: string;

  @Column({ type: 'jsonb' })
  verdicts: { benefitId: string; status: string; unknownFacts?: string[] }[];

  @Column({ name: 'likely_count', type: 'integer' })
  likelyCount: number;

  @Column({ name: 'stopped_for', type: 'text', array: true })
  stoppedFor: string[];

  /** The facts answered "I don't know": names only. */
  @Column({ name: 'unknown_facts', type: 'text', array: true, default: () => "'{}'" })
  unknownFacts: string[];
}
