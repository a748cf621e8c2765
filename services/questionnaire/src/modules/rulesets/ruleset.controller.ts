import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@inps/shared';
import { PublishRuleSetInput } from './dto/publish-ruleset.input';
import { RuleSet, RuleSetDocument } from './dto/ruleset.outputs';
import { RuleSetService } from './ruleset.service';

@ApiTags('rulesets')
@ApiBearerAuth()
@Controller('api/v1/rulesets')
export class RuleSetController {
  constructor(private readonly ruleSets: RuleSetService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'The rule sets, newest first, with their effective dates' })
  @ApiOkResponse({ type: [RuleSet] })
  list(): Promise<RuleSet[]> {
    return this.ruleSets.listAll();
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'A rule set: parameters (with confirmed flags), benefits, successors and questions' })
  @ApiOkResponse({ type: RuleSetDocument })
  get(@Param('id') id: string): Promise<RuleSetDocument> {
    return this.ruleSets.getDefinition(id);
  }

  @Roles('central')
  @Post()
  @ApiOperation({ summary: 'Publish a new rule set (central directorate). Published rule sets are immutable.' })
  @ApiCreatedResponse({ type: RuleSet })
  publish(@Body() body: PublishRuleSetInput): Promise<RuleSet> {
    return this.ruleSets.publish(body.definition);
  }
}
