import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, NotFoundError, PayloadTooLargeError, ValidationFailedError, type Principal } from '@inps/shared';
import { DataSource } from 'typeorm';
import type { AgreementsConfig } from '../../agreements.config';
import { notFound } from '../../common/access';
import { AgreementsService } from '../agreements/agreements.service';
import { contentMatchesType, DOCUMENT_TYPES, safeFileName, type DocumentKind } from './document-format';
import { unsupportedDocumentType } from './document-media-type.errors';
import { AgreementDocumentEntity } from './document.entity';
import type { AgreementDocument, AgreementDocumentList } from './dto/document.view';

@Injectable()
export class DocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agreements: AgreementsService,
    @Inject(APP_CONFIG) private readonly config: AgreementsConfig,
  ) {}

  /**
   * Stores a file for an agreement the caller may see. The body is read with a hard limit and hashed
   * as it arrives; the same file uploaded twice is the same document (returned, not duplicated).
   */
  async upload(
    agreementId: string,
    meta: { name: string; kind?: DocumentKind; contentType: string; declaredLength?: number },
    body: Readable,
    principal: Principal,
  ): Promise<{ created: boolean; document: AgreementDocument }> {
    await this.agreements.get(agreementId, principal);
    const fileName = safeFileName(meta.name);
    if (!fileName)
      throw new ValidationFailedError('The file name is not acceptable', [
        { field: 'name', issue: 'a plain file name of 1–200 characters, without folders or control characters' },
      ]);
    const contentType = meta.contentType.split(';')[0].trim().toLowerCase();
    if (!DOCUMENT_TYPES[contentType]) {
      throw unsupportedDocumentType(contentType);
    }
    const max = this.config.DOCUMENT_MAX_BYTES;
    if (meta.declaredLength !== undefined && meta.declaredLength > max) throw this.tooLarge(max);
    const content = await readLimited(body, max, () => this.tooLarge(max));
    if (content.length === 0) throw new ValidationFailedError('The document is empty', [{ field: 'body', issue: 'empty' }]);
    if (!contentMatchesType(contentType, content.subarray(0, 16))) {
      throw new ValidationFailedError(`The content is not a ${DOCUMENT_TYPES[contentType].extension.toUpperCase()} file`, [
        { field: 'body', issue: `does not match ${contentType}` },
      ]);
    }
    const sha256 = createHash('sha256').update(content).digest('hex');
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO agreement_document (agreement_id, kind, file_name, content_type, size_bytes, sha256, content, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (agreement_id, sha256) DO NOTHING RETURNING id`,
      [agreementId, meta.kind ?? 'TEXT', fileName, contentType, content.length, sha256, content, principal.subject],
    );
    const stored = await this.dataSource.getRepository(AgreementDocumentEntity).findOneByOrFail({ agreementId, sha256 });
    return { created: rows.length === 1, document: view(stored) };
  }

  async list(agreementId: string, principal: Principal): Promise<AgreementDocumentList> {
    await this.agreements.get(agreementId, principal);
    const rows = await this.dataSource.getRepository(AgreementDocumentEntity).find({ where: { agreementId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    return { items: rows.map(view) };
  }

  /**
   * A document's metadata by id alone (minutes linked from a technical-table meeting), or null when
   * it does not exist or the caller may not see its agreement: the link must not disclose it.
   */
  async metadata(documentId: string, principal: Principal): Promise<AgreementDocument | null> {
    const row = await this.dataSource.getRepository(AgreementDocumentEntity).findOneBy({ id: documentId });
    if (!row) return null;
    try {
      await this.agreements.get(row.agreementId, principal);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
    return view(row);
  }

  async download(agreementId: string, documentId: string, principal: Principal): Promise<{ document: AgreementDocument; content: Buffer }> {
    await this.agreements.get(agreementId, principal);
    const row = await this.dataSource
      .getRepository(AgreementDocumentEntity)
      .createQueryBuilder('d')
      .addSelect('d.content')
      .where('d.id = :documentId AND d.agreement_id = :agreementId', { documentId, agreementId })
      .getOne();
    if (!row) throw notFound('document', documentId);
    return { document: view(row), content: row.content };
  }

  private tooLarge(max: number): PayloadTooLargeError {
    return new PayloadTooLargeError(`Documents may be at most ${Math.round(max / 1024 / 1024)} MB`, [{ field: 'body', issue: `larger than ${max} bytes` }]);
  }
}

async function readLimited(body: Readable, max: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buf.length;
    if (size > max) {
      body.resume();
      throw tooLarge();
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function view(d: AgreementDocumentEntity): AgreementDocument {
  return {
    id: d.id,
    agreementId: d.agreementId,
    kind: d.kind,
    fileName: d.fileName,
    contentType: d.contentType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    uploadedAt: d.uploadedAt.toISOString(),
  };
}
