import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { romeDate } from '@inps/kernel';
import { Clock, ConflictError, type Principal, UnauthorizedError, ValidationFailedError } from '@inps/shared';
import { notFound, roleRefused } from '../../common/access';
import { actorOf } from '../../common/actor';
import { belongsTo } from '../../domain';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import { ApiKeyEntity } from './api-key.entity';
import type { CreateApiKeyDto } from './dto/api-key.dto';
import type { ApiKey, ApiKeyList, NewApiKey, PartnerAppToken, PartnerJwks, RevokedApiKeys } from './dto/api-key.view';
import { PartnerTokenSigner } from './partner-token.signer';

/** `ipt_<key id, 32 hex>_<secret, 43 base64url>`: the id finds the row, the secret proves possession. */
const KEY_PATTERN = /^ipt_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
/** Past a token's lifetime, tokens are still accepted for the services' clock tolerance (at most 300 s). */
const REVOKED_LISTED_BEYOND_TTL_SECONDS = 300;
const hexToUuid = (hex: string): string => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

const view = (k: ApiKeyEntity): ApiKey => ({
  id: k.id,
  organisationId: k.organisationId,
  label: k.label,
  expiresOn: k.expiresOn,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
  lastUsedAt: k.lastUsedAt,
});

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
    private readonly clock: Clock,
    private readonly signer: PartnerTokenSigner,
  ) {}

  async list(organisationId: string, principal: Principal): Promise<ApiKeyList> {
    this.assertMayManage(organisationId, principal, 'list');
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({ where: { organisationId }, order: { createdAt: 'DESC', id: 'ASC' } });
    return { items: rows.map(view) };
  }

  /** The only answer that ever contains the key. */
  async create(organisationId: string, dto: CreateApiKeyDto, principal: Principal): Promise<NewApiKey> {
    this.assertMayManage(organisationId, principal, 'create');
    if (dto.expiresOn !== undefined && dto.expiresOn < romeDate(this.clock.now())) {
      throw new ValidationFailedError('The key would already be expired', [{ field: 'expiresOn', issue: 'must be today or later' }]);
    }
    const secret = randomBytes(32).toString('base64url');
    const row = await this.dataSource.getRepository(ApiKeyEntity).save({
      organisationId,
      label: dto.label,
      secretSha256: sha256(secret),
      expiresOn: dto.expiresOn ?? null,
      createdBy: principal.subject,
      createdAt: this.clock.now(),
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
    });
    return { ...view(row), key: `ipt_${row.id.replace(/-/g, '')}_${secret}` };
  }

  async revoke(organisationId: string, id: string, principal: Principal): Promise<ApiKey> {
    this.assertMayManage(organisationId, principal, 'revoke');
    const repo = this.dataSource.getRepository(ApiKeyEntity);
    // One statement, so two concurrent revocations cannot both claim it.
    const result = await repo
      .createQueryBuilder()
      .update()
      .set({ revokedAt: this.clock.now(), revokedBy: principal.subject })
      .where('id = :id AND organisation_id = :organisationId AND revoked_at IS NULL', { id, organisationId })
      .execute();
    if (result.affected === 1) return view(await repo.findOneByOrFail({ id }));
    const existing = await repo.findOne({ where: { id, organisationId } });
    if (!existing) throw notFound('api-key', id);
    throw new ConflictError('The API key is already revoked', [{ field: 'id', issue: 'already revoked' }], 'ALREADY_REVOKED');
  }

  /** Trades a key for a short-lived partner_app token. Every refusal looks the same to the caller. */
  async exchange(rawKey: string | undefined): Promise<PartnerAppToken> {
    const refused = new UnauthorizedError('The API key is not valid, expired or revoked', undefined, 'INVALID_API_KEY');
    const match = rawKey === undefined ? null : KEY_PATTERN.exec(rawKey.trim());
    if (!match) throw refused;
    const [, idHex, secret] = match as unknown as [string, string, string];
    const id = hexToUuid(idHex);
    const row = await this.dataSource.getRepository(ApiKeyEntity).createQueryBuilder('k').addSelect('k.secretSha256').where('k.id = :id', { id }).getOne();
    const now = this.clock.now();
    const presented = sha256(secret);
    const matches = row !== null && timingSafeEqual(row.secretSha256, presented);
    if (
      !row ||
      !matches ||
      row.revokedAt !== null ||
      (row.expiresOn !== null && row.expiresOn < romeDate(now)) ||
      !this.reference.organisation(row.organisationId)
    ) {
      throw refused;
    }
    await this.dataSource.getRepository(ApiKeyEntity).update({ id: row.id }, { lastUsedAt: now });
    const accessToken = await this.signer.sign({ keyId: row.id, organisationId: row.organisationId }, now);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.signer.ttlSeconds };
  }

  jwks(): Promise<PartnerJwks> {
    return this.signer.publicKeys();
  }

  /**
   * Keys revoked recently enough that a token traded for them may still be accepted: the gateway
   * refuses those tokens, which the services would take until they expire (decision 0011).
   */
  async recentlyRevoked(): Promise<RevokedApiKeys> {
    const since = new Date(this.clock.now().getTime() - (this.signer.ttlSeconds + REVOKED_LISTED_BEYOND_TTL_SECONDS) * 1000);
    const rows = await this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .select('k.id', 'id')
      .where('k.revoked_at > :since', { since })
      .getRawMany<{ id: string }>();
    return { keyIds: rows.map((r) => r.id) };
  }

  /**
   * A partner_admin manages its own organisation's keys; central may list and revoke any (incident
   * response) but never creates one: a key acts for the partner, so the partner makes it.
   */
  private assertMayManage(organisationId: string, principal: Principal, action: 'list' | 'create' | 'revoke'): void {
    if (!this.reference.organisation(organisationId)) throw notFound('organisation', organisationId);
    if (principal.roles.includes('partner_admin') && belongsTo(actorOf(principal), organisationId)) return;
    if (principal.roles.includes('central')) {
      if (action === 'create') throw roleRefused('Only the organisation’s partner_admin creates its API keys', ['partner_admin']);
      return;
    }
    // Another organisation's keys: the answer an unknown organisation gets, revealing nothing.
    throw notFound('organisation', organisationId);
  }
}
