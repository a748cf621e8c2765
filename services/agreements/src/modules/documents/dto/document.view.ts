import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ItemList } from '../../../common/pagination.dto';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_KINDS } from '../document-format';

// One class per answer: the REST response schema and the GraphQL object type.

@ObjectType({ description: 'metadata of an immutable agreement document; download it over REST' })
export class AgreementDocument {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) agreementId: string;
  @Field() @ApiProperty({ enum: DOCUMENT_KINDS }) kind: string;
  @Field() @ApiProperty({ example: 'accordo-territoriale-lazio.pdf' }) fileName: string;
  @Field() @ApiProperty({ enum: DOCUMENT_CONTENT_TYPES }) contentType: string;
  @Field(() => Int) @ApiProperty() sizeBytes: number;
  @Field() @ApiProperty({ description: 'SHA-256 of the content, hex; also the ETag of the download' }) sha256: string;
  @Field() @ApiProperty({ format: 'date-time' }) uploadedAt: string;
}

export class AgreementDocumentList extends ItemList(AgreementDocument) {}
