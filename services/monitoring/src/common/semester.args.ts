import { ArgsType, Field } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsSemester } from './validators';

// One class per input for REST (query string, Swagger) and GraphQL (arguments): the global validation
// pipe checks both, so a semester is refused the same way, by the same name, on either side.

/** A semester the answer is about: `?semester=2026S1`, or `(semester: "2026S1")`. */
@ArgsType()
export class SemesterArgs {
  @Field(() => String)
  @ApiProperty({ example: '2026S1' })
  @IsSemester()
  semester: string;
}

/** A list narrowed to one semester, or every semester when left out. */
@ArgsType()
export class SemesterFilter {
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ example: '2026S1' })
  @IsOptional()
  @IsSemester()
  semester?: string;
}
