import { Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ParseUuidPipe, Roles, type Principal } from '@inps/shared';
import type { Request, Response } from 'express';
import { contentDisposition, DOCUMENT_CONTENT_TYPES } from './document-format';
import { DocumentsService } from './documents.service';
import { AgreementDocument, AgreementDocumentList } from './dto/document.view';
import { UploadDocumentQueryDto } from './dto/upload-document.dto';

@ApiTags('agreements')
@ApiBearerAuth()
@Controller('api/v1/agreements/:id/documents')
@Roles('central', 'dg', 'territorial', 'partner_admin', 'operator')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @HttpCode(201)
  @Roles('central', 'territorial')
  @ApiConsumes(...DOCUMENT_CONTENT_TYPES)
  @ApiOperation({ summary: 'Upload a document: the file is the body, its type the Content-Type; immutable once stored, SHA-256 kept' })
  @ApiBody({ description: 'the file itself, at most DOCUMENT_MAX_BYTES', schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: AgreementDocument, description: 'the document stored, or the one already stored with the same content' })
  async upload(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Query() query: UploadDocumentQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @Headers('content-length') contentLength: string | undefined,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementDocument> {
    const declaredLength = contentLength !== undefined && /^\d+$/.test(contentLength) ? Number(contentLength) : undefined;
    return (await this.documents.upload(id, { name: query.name, kind: query.kind, contentType: contentType ?? '', declaredLength }, req, principal)).document;
  }

  @Get()
  @ApiOperation({ summary: "An agreement's documents (metadata)" })
  @ApiOkResponse({ type: AgreementDocumentList })
  list(@Param('id', new ParseUuidPipe('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<AgreementDocumentList> {
    return this.documents.list(id, principal);
  }

  @Get(':documentId')
  @ApiOperation({ summary: 'Download a document, with its SHA-256 as ETag' })
  @ApiProduces(...DOCUMENT_CONTENT_TYPES)
  @ApiOkResponse({
    description: 'the file as uploaded, with the type it was uploaded as',
    schema: { type: 'string', format: 'binary' },
    headers: {
      ETag: { description: 'the SHA-256 of the content, quoted', schema: { type: 'string' } },
      'Content-Disposition': { description: 'attachment, with the file name', schema: { type: 'string' } },
    },
  })
  async download(
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Param('documentId', new ParseUuidPipe('documentId')) documentId: string,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const { document, content } = await this.documents.download(id, documentId, principal);
    res.setHeader('content-type', document.contentType);
    res.setHeader('content-length', String(content.length));
    res.setHeader('content-disposition', contentDisposition(document.fileName));
    res.setHeader('etag', `"${document.sha256}"`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'private, no-store');
    res.status(200).end(content);
  }
}
