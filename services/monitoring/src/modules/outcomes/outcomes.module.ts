import { Module } from '@nestjs/common';
import { OutcomesService } from './outcomes.service';
import { RollupFolder } from './rollup-folder';

@Module({ providers: [OutcomesService, RollupFolder], exports: [OutcomesService, RollupFolder] })
export class OutcomesModule {}
