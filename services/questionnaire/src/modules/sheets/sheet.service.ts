import { romeDate } from '@inps/kernel';
import { Injectable } from '@nestjs/common';
import { Clock, ValidationFailedError, type MessageCatalogue, type Principal } from '@inps/shared';
import type { EvaluateInput } from '../screenings/dto/screening.inputs';
import { normaliseResumeCode } from '../screenings/resume-code';
import { ScreeningService, type OutcomeInTwoLanguages } from '../screenings/screening.service';
import type { ScreeningSheetQuery } from './dto/sheet.inputs';
import { SheetRenderPool } from './render/sheet-render-pool';
import { loadContacts, loadSheetCatalogue } from './sheet-catalogue';
import { buildSheetContent, type Contact } from './sheet-content';

export interface RenderedSheet {
  readonly pdf: Buffer;
  /** A file name with nothing personal in it. */
  readonly fileName: string;
}

/** The take-away sheet: made on request from the outcome, never stored. */
@Injectable()
export class SheetService {
  private readonly messages: MessageCatalogue = loadSheetCatalogue();
  private readonly contacts: readonly Contact[] = loadContacts(this.messages);

  constructor(
    private readonly screenings: ScreeningService,
    private readonly clock: Clock,
    private readonly pool: SheetRenderPool,
  ) {}

  async forScreening(id: string, query: ScreeningSheetQuery, principal: Principal | null): Promise<RenderedSheet> {
    const outcome = await this.screenings.outcomeInTwoLanguages(id, principal, query.language);
    let code: string | null = null;
    if (query.resumeCode !== undefined) {
      code = normaliseResumeCode(query.resumeCode);
      // Printed and turned into a QR code, so it must be right: the person would be sent away with a wrong key.
      if (!code || !(await this.screenings.isResumeCodeOf(id, code))) {
        throw new ValidationFailedError('This is not the resume code of this screening', [{ field: 'resumeCode', issue: 'not the code of this screening' }]);
      }
    }
    return this.render(outcome, code);
  }

  async forEvaluation(input: EvaluateInput): Promise<RenderedSheet> {
    return this.render(await this.screenings.evaluateInTwoLanguages(input), null);
  }

  private async render(source: OutcomeInTwoLanguages, resumeCode: string | null): Promise<RenderedSheet> {
    const content = buildSheetContent({ ...source, resumeCode, date: romeDate(this.clock.now()) }, this.messages, this.contacts);
    return { pdf: await this.pool.render(content), fileName: `inps-per-tutti-${source.language}.pdf` };
  }
}
