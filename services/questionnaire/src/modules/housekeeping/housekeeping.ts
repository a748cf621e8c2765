import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '@inps/shared';
import { ScreeningService } from '../screenings/screening.service';
import { CLOSE_IDLE_JOB } from './housekeeping-jobs';

/** The questionnaire worker's jobs. */
@Injectable()
export class Housekeeping {
  private readonly logger = new Logger('Housekeeping');

  constructor(private readonly screenings: ScreeningService) {}

  @JobHandler(CLOSE_IDLE_JOB)
  async closeIdle(): Promise<{ closed: number }> {
    const closed = await this.screenings.closeIdle();
    this.logger.log(`closed ${closed} idle screening(s)`);
    return { closed };
  }
}
