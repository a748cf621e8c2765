import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseUuidPipe, Roles } from '@inps/shared';
import { RefusedEventView } from './dto/refused-event.response';
import { RefusedEventsService } from './refused-events.service';

@ApiTags('refused-events')
@ApiBearerAuth()
@Controller('api/v1/refused-events')
export class RefusedEventsController {
  constructor(private readonly refused: RefusedEventsService) {}

  @Get()
  @Roles('central')
  @ApiOperation({ summary: 'Events monitoring gave up on after their last attempt (days only), newest first' })
  @ApiOkResponse({ type: [RefusedEventView] })
  list(): Promise<RefusedEventView[]> {
    return this.refused.list();
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('central')
  @ApiOperation({ summary: 'Send a refused event again on the events queue (once it is fixed); 409 if already sent again' })
  @ApiOkResponse({ type: RefusedEventView })
  retry(@Param('id', new ParseUuidPipe('id')) id: string): Promise<RefusedEventView> {
    return this.refused.retry(id);
  }
}
