import { ApiProperty } from '@nestjs/swagger';
import { ItemList } from '../../../common/pagination.dto';

/** A partner app's key as listed: never the key itself, which only its creation shows. */
export class ApiKey {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'caritas-roma' }) organisationId: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: String, nullable: true, description: 'last day the key works (Europe/Rome)' }) expiresOn: string | null;
  @ApiProperty({ type: Date }) createdAt: Date;
  @ApiProperty({ type: Date, nullable: true }) revokedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true, description: 'when it was last exchanged for a token' }) lastUsedAt: Date | null;
}

export class NewApiKey extends ApiKey {
  @ApiProperty({ description: 'the key, shown this once: ipt_<id>_<secret>' }) key: string;
}

export class ApiKeyList extends ItemList(ApiKey) {}

export class PartnerAppToken {
  @ApiProperty({ description: 'a partner_app bearer token' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds until it expires (PARTNER_TOKEN_TTL_SECONDS)' }) expiresIn: number;
}

/** The public keys of partner-app tokens, as a JSON Web Key Set (RFC 7517). */
export class PartnerJwks {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) keys: object[];
}

/** Keys revoked recently enough that a token traded for them may still be presented; for the gateways. */
export class RevokedApiKeys {
  @ApiProperty({ type: [String] }) keyIds: string[];
}
