import { Module } from '@nestjs/common';
import { SheetRendering } from '../../questionnaire.config';
import { ScreeningsModule } from '../screenings/screenings.module';
import { SheetRenderPool } from './render/sheet-render-pool';
import { SheetController } from './sheet.controller';
import { SheetService } from './sheet.service';

/** The take-away sheet (PDF) of a screening or an evaluation. API only: the worker prints nothing. */
@Module({
  imports: [ScreeningsModule],
  controllers: [SheetController],
  providers: [SheetService, { provide: SheetRenderPool, useFactory: (settings: SheetRendering) => new SheetRenderPool(settings), inject: [SheetRendering] }],
})
export class SheetsModule {}
