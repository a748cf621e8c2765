import { Module } from '@nestjs/common';
import { WhereToGoController } from './where-to-go.controller';
import { WhereToGoResolver } from './where-to-go.resolver';
import { WhereToGoService } from './where-to-go.service';

@Module({
  controllers: [WhereToGoController],
  providers: [WhereToGoService, WhereToGoResolver],
})
export class WhereToGoModule {}
