import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { PartnerTokenSigner } from './partner-token.signer';

@Module({ controllers: [ApiKeysController], providers: [ApiKeysService, PartnerTokenSigner] })
export class ApiKeysModule {}
