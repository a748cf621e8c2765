import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { CurrentPrincipal, ParseUuidPipe, ReferencePrincipal, Roles, type Principal } from '@inps/shared';
import { TableMeeting } from '../technical-tables/dto/table-meeting.view';
import { DocumentsService } from './documents.service';
import { AgreementDocument } from './dto/document.view';

/** Metadata only: files are uploaded and downloaded over REST, where their bytes and types belong. */
@Resolver(() => AgreementDocument)
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class DocumentsResolver {
  constructor(private readonly documents: DocumentsService) {}

  @Query(() => [AgreementDocument], { nullable: true, description: "An agreement's documents (metadata, SHA-256)" })
  async agreementDocuments(
    @Args('agreementId', { type: () => ID }, new ParseUuidPipe('agreementId')) agreementId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return (await this.documents.list(agreementId, principal)).items;
  }
}

/** Lives here rather than with technical tables: documents depend on agreements, which link to tables. */
@Resolver(() => TableMeeting)
export class TableMeetingMinutesResolver {
  constructor(
    private readonly documents: DocumentsService,
    private readonly referencePrincipal: ReferencePrincipal,
  ) {}

  @ResolveField(() => AgreementDocument, { nullable: true, description: 'the minutes, if the caller may see the agreement they were filed under' })
  async minutes(@Parent() meeting: TableMeeting, @Context() context: { req?: Request }) {
    if (!meeting.minutesDocumentId) return null;
    return this.documents.metadata(meeting.minutesDocumentId, await this.referencePrincipal.of(context));
  }
}
