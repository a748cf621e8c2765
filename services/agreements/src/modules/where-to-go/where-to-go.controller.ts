import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@inps/shared';
import { WhereToGoQueryDto } from './dto/where-to-go.query';
import { WhereToGo } from './dto/where-to-go.view';
import { WhereToGoService } from './where-to-go.service';

// Public: unit names and announced events are what the programme tells everyone, and the people it
// is for have no token (nor has the questionnaire, which asks on their behalf).
@ApiTags('where-to-go')
@Controller('api/v1/where-to-go')
export class WhereToGoController {
  constructor(private readonly whereToGo: WhereToGoService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Where to turn in a comune: the competent INPS units and the outreach events planned in the coming weeks (public)' })
  @ApiOkResponse({ type: WhereToGo })
  get(@Query() query: WhereToGoQueryDto): Promise<WhereToGo> {
    return this.whereToGo.forComune(query);
  }
}
