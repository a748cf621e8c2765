import { Module } from '@nestjs/common';
import { ReferentsController } from './referents.controller';
import { ReferentsResolver } from './referents.resolver';
import { ReferentsService } from './referents.service';

@Module({ controllers: [ReferentsController], providers: [ReferentsService, ReferentsResolver] })
export class ReferentsModule {}
