import { Module } from '@nestjs/common';
import { AgreementsClient } from './agreements.client';
import { WhereToGoService } from './where-to-go.service';

/** The where-to-go part of screening outcomes; the screenings module imports it. */
@Module({
  providers: [AgreementsClient, WhereToGoService],
  exports: [WhereToGoService],
})
export class WhereToGoModule {}
