import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExcludeEndpoint, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Public, Roles, type Principal } from '@inps/shared';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto, ExchangeApiKeyDto } from './dto/api-key.dto';
import { ApiKey, ApiKeyList, NewApiKey, PartnerAppToken, PartnerJwks, RevokedApiKeys } from './dto/api-key.view';

@ApiTags('api-keys')
@Controller()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get('api/v1/organisations/:organisationId/api-keys')
  @ApiBearerAuth()
  @Roles('partner_admin', 'central')
  @ApiOperation({ summary: 'The organisation’s API keys (never the keys themselves), with last use' })
  @ApiOkResponse({ type: ApiKeyList })
  list(@Param('organisationId') organisationId: string, @CurrentPrincipal() principal: Principal): Promise<ApiKeyList> {
    return this.apiKeys.list(organisationId, principal);
  }

  @Post('api/v1/organisations/:organisationId/api-keys')
  @ApiBearerAuth()
  @Roles('partner_admin')
  @ApiOperation({ summary: 'Create an API key for a partner app; the answer is the only time the key is shown' })
  @ApiCreatedResponse({ type: NewApiKey })
  create(@Param('organisationId') organisationId: string, @Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<NewApiKey> {
    return this.apiKeys.create(organisationId, body, principal);
  }

  @Delete('api/v1/organisations/:organisationId/api-keys/:id')
  @ApiBearerAuth()
  @Roles('partner_admin', 'central')
  @ApiOperation({ summary: 'Revoke a key; the gateway refuses it, and tokens issued for it, within API_KEY_REVOCATION_SECONDS' })
  @ApiOkResponse({ type: ApiKey, description: 'the key, revoked' })
  revoke(
    @Param('organisationId') organisationId: string,
    @Param('id', new ParseUuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiKey> {
    return this.apiKeys.revoke(organisationId, id, principal);
  }

  @Post('api/v1/api-keys/token')
  @Public()
  @HttpCode(200)
  @ApiHeader({ name: 'X-Api-Key', required: false })
  @ApiOperation({ summary: 'Trade an API key for a short-lived partner_app bearer token (the gateway does this for X-Api-Key requests)' })
  @ApiOkResponse({ type: PartnerAppToken })
  exchange(@Headers('x-api-key') header: string | undefined, @Body() body: ExchangeApiKeyDto): Promise<PartnerAppToken> {
    return this.apiKeys.exchange(header ?? body?.apiKey);
  }

  /** For the gateways only (never routed by them): key ids are no secret, the keys stay hashed. */
  @Get('internal/api-keys/revoked')
  @Public()
  @ApiExcludeEndpoint()
  revoked(): Promise<RevokedApiKeys> {
    return this.apiKeys.recentlyRevoked();
  }

  @Get('.well-known/partner-jwks.json')
  @Public()
  @ApiOperation({ summary: 'Public key of partner-app tokens, for the other services (AUTH_PARTNER_JWKS_URL)' })
  @ApiOkResponse({ type: PartnerJwks })
  jwks(): Promise<PartnerJwks> {
    return this.apiKeys.jwks();
  }
}
