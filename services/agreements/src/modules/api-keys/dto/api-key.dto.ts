import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, Validate } from 'class-validator';
import { IsIsoDay } from '@inps/shared';

export class CreateApiKeyDto {
  @ApiProperty({ description: 'what the key is for, e.g. the app and where it runs', example: 'App mensa San Francesco' })
  @IsString()
  @Length(1, 100)
  @Matches(/^[^\r\n\t]*$/, { message: 'label must be one line' })
  label: string;

  @ApiPropertyOptional({ description: 'last day the key works (Europe/Rome); open-ended when absent', example: '2027-06-30' })
  @IsOptional()
  @Validate(IsIsoDay)
  expiresOn?: string;
}

export class ExchangeApiKeyDto {
  @ApiPropertyOptional({ description: 'the key; may instead be sent in the X-Api-Key header' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  apiKey?: string;
}
