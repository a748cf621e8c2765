import { ApiProperty } from '@nestjs/swagger';

/** An event monitoring gave up on after its last attempt: days only, never an instant (decision 0027). */
export class RefusedEventView {
  @ApiProperty({ format: 'uuid', description: 'the event id (also its job id on the events queue)' })
  readonly id: string;

  @ApiProperty({ example: 'agreement.reviewed' })
  readonly type: string;

  @ApiProperty({ format: 'date', description: 'the Rome day the event happened' })
  readonly occurredOn: string;

  @ApiProperty({ format: 'date', description: 'the Rome day it was (last) refused' })
  readonly refusedOn: string;

  @ApiProperty({ description: 'attempts made before it was given up' })
  readonly attempts: number;

  @ApiProperty({ description: "the error's class or code", example: 'QueryFailedError' })
  readonly errorCode: string;

  @ApiProperty({ description: 'the error message, without the stack' })
  readonly errorMessage: string;

  @ApiProperty({ enum: ['refused', 'retried'] })
  readonly status: string;

  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'the Rome day it was last sent again' })
  readonly retriedOn: string | null;
}
