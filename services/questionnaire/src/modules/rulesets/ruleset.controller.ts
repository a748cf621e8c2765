import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@inps/shared';
import { PublishRuleSetDto } from './dto/publish-ruleset.dto';
import { RuleSetService } from './ruleset.service';

@ApiTags('rulesets')
@ApiBearerAuth()
@Controller('api/v1/rulesets')
export class RuleSetController {
  constructor(private readonly ruleSets: RuleSetService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'The rule sets, newest first, with their effective dates' })
  list() {
    return this.ruleSets.listAll();
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'A rule set: parameters (with confirmed flags), benefits, successors and questions' })
  get(@Param('id') id: string) {
    return this.ruleSets.getDefinition(id);
  }

  @Roles('central')
  @Post()
  @ApiOperation({ summary: 'Publish a new rule set (central directorate). Published rule sets are immutable.' })
  publish(@Body() body: PublishRuleSetDto) {
    return this.ruleSets.publish(body.definition);
  }
}
