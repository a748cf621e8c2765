import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const APPLICATION_RESULTS = ['GRANTED', 'REJECTED', 'PENDING'] as const;
export type ApplicationResult = (typeof APPLICATION_RESULTS)[number];

@Entity({ name: 'follow_up' })
export class FollowUpEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'screening_id', type: 'uuid' })
  screeningId: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 64 })
  organisationId: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'varchar', length: 6 })
  semester: string;

  @Column({ type: 'text', array: true })
  needs: string[];

  @Column({ name: 'help_types', type: 'text', array: true })
  helpTypes: string[];

  @OneToMany(() => FollowUpApplicationEntity, (a) => a.followUp, { cascade: true, eager: true })
  applications: FollowUpApplicationEntity[];

  /** Days in Rome, never instants: an exact time beside a screening could single out the person. */
  @Column({ name: 'created_on', type: 'date', update: false })
  createdOn: string;

  @Column({ name: 'updated_on', type: 'date' })
  updatedOn: string;

  /**
   * The screening's day, place and age band, copied by a trigger when the row is written (never by
   * the application): the reports read follow-ups without joining the outcomes (migration 1765500000000).
   */
  @Column({ name: 'screening_day', type: 'date', insert: false, update: false })
  screeningDay: string;

  @Column({ name: 'comune_code', type: 'varchar', length: 6, nullable: true, insert: false, update: false })
  comuneCode: string | null;

  @Column({ name: 'province_code', type: 'varchar', length: 6, nullable: true, insert: false, update: false })
  provinceCode: string | null;

  @Column({ name: 'region_code', type: 'varchar', length: 6, nullable: true, insert: false, update: false })
  regionCode: string | null;

  @Column({ name: 'age_band', type: 'varchar', length: 8, insert: false, update: false })
  ageBand: string;
}

/** An application filed with the person, one per benefit, and INPS's decision once known. */
@Entity({ name: 'follow_up_application' })
export class FollowUpApplicationEntity {
  @PrimaryColumn({ name: 'follow_up_id', type: 'uuid' })
  followUpId: string;

  @PrimaryColumn({ name: 'benefit_id', type: 'varchar', length: 64 })
  benefitId: string;

  @Column({ type: 'varchar', length: 8 })
  result: ApplicationResult;

  @Column({ name: 'result_date', type: 'date', nullable: true })
  resultDate: string | null;

  @ManyToOne(() => FollowUpEntity, (f) => f.applications, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follow_up_id', foreignKeyConstraintName: 'follow_up_application_follow_up_id_fkey' })
  followUp: FollowUpEntity;
}
