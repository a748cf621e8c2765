import { Module } from '@nestjs/common';
import { ScreeningsModule } from '../screenings/screenings.module';
import { SheetController } from './sheet.controller';
import { SheetService } from './sheet.service';

/** The take-away sheet (PDF) of a screening or an evaluation. API only: the worker prints nothing. */
@Module({
  imports: [ScreeningsModule],
  controllers: [SheetController],
  providers: [SheetService],
})
export class SheetsModule {}
