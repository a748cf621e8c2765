import { Module } from '@nestjs/common';
import { FindOutGuidance } from './find-out.service';

/** The catalogue of find-out steps, read once at start. */
@Module({
  providers: [{ provide: FindOutGuidance, useFactory: () => new FindOutGuidance() }],
  exports: [FindOutGuidance],
})
export class FindOutModule {}
