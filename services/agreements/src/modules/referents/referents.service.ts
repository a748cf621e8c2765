import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { ConflictError, inTransaction, type NotFoundError, type Principal } from '@inps/shared';
import { notFound } from '../../common/access';
import { actorOf } from '../../common/actor';
import { staleVersion, toAppError } from '../../common/domain-errors';
import { checkReferentAssignment, hasCompetenceForAll, isNationalActor, type Actor, type ReferentAssignment } from '../../domain';
import type { InpsUnit } from '../reference-data/reference-data.types';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import type { CloseReferentDto, CreateReferentDto } from './dto/referent.dto';
import type { Referent, ReferentList } from './dto/referent.view';
import { ReferentEntity } from './referent.entity';

const EXCLUSION_VIOLATION = '23P01';

@Injectable()
export class ReferentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
  ) {}

  async list(unitId: string, principal: Principal): Promise<ReferentList> {
    this.assertManages(this.unit(unitId), actorOf(principal), notFound('inps-unit', unitId));
    const rows = await this.dataSource.getRepository(ReferentEntity).find({ where: { unitId }, order: { role: 'ASC', validFrom: 'ASC', id: 'ASC' } });
    return { items: rows };
  }

  async create(unitId: string, dto: CreateReferentDto, principal: Principal): Promise<Referent> {
    const actor = actorOf(principal);
    this.assertManages(this.unit(unitId), actor, notFound('inps-unit', unitId));
    const candidate: ReferentAssignment = {
      id: 'new',
      unitId,
      role: dto.role,
      personId: dto.personId,
      primary: dto.primary,
      validFrom: dto.validFrom,
      validTo: dto.validTo ?? null,
    };
    return this.guarded(() =>
      inTransaction(this.dataSource, async (m) => {
        const repo = m.getRepository(ReferentEntity);
        const existing = await repo.find({ where: { unitId, role: dto.role } });
        const checked = checkReferentAssignment(existing.map(toAssignment), candidate);
        if (!checked.ok) throw toAppError(checked.error);
        return repo.save({ ...dto, unitId, email: dto.email ?? null, validTo: dto.validTo ?? null, version: 1, createdBy: actor.id });
      }),
    );
  }

  async close(id: string, dto: CloseReferentDto, principal: Principal): Promise<Referent> {
    const actor = actorOf(principal);
    return this.guarded(() =>
      inTransaction(this.dataSource, async (m) => {
        const repo = m.getRepository(ReferentEntity);
        const r = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!r) throw notFound('referent', id);
        this.assertManages(this.unit(r.unitId), actor, notFound('referent', id));
        if (r.version !== dto.version) throw staleVersion('referent', r.version);
        const others = (await repo.find({ where: { unitId: r.unitId, role: r.role } })).filter((o) => o.id !== r.id);
        const checked = checkReferentAssignment(others.map(toAssignment), { ...toAssignment(r), validTo: dto.validTo });
        if (!checked.ok) throw toAppError(checked.error);
        return repo.save({ ...r, validTo: dto.validTo, version: r.version + 1 });
      }),
    );
  }

  /** The database's exclusion constraint is the last word, also against a concurrent writer. */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === EXCLUSION_VIOLATION) {
        throw new ConflictError('This unit already has a primary referent for this role in that period', [
          { field: 'validFrom', issue: 'overlaps another primary referent' },
        ]);
      }
      throw error;
    }
  }

  private unit(id: string): InpsUnit {
    const unit = this.reference.inpsUnits.find((u) => u.id === id);
    if (!unit) throw notFound('inps-unit', id);
    return unit;
  }

  /**
   * Territorial staff manage the referents of units whose whole area they cover; for anyone else
   * the unit's referents, and each of them, do not exist (`hidden`: the answer a missing one gets).
   */
  private assertManages(unit: InpsUnit, actor: Actor, hidden: NotFoundError): void {
    if (isNationalActor(actor) || hasCompetenceForAll(actor, unit.covers, this.reference.territories)) return;
    throw hidden;
  }
}

function toAssignment(r: ReferentEntity): ReferentAssignment {
  return { id: r.id, unitId: r.unitId, role: r.role, personId: r.personId, primary: r.primary, validFrom: r.validFrom, validTo: r.validTo };
}
