import { UnsupportedMediaTypeError } from '@inps/shared';
import { DOCUMENT_CONTENT_TYPES } from './document-format';

/** The one refusal of a document whose type is not accepted, naming the types that are. */
export function unsupportedDocumentType(contentType: string): UnsupportedMediaTypeError {
  const accepted = DOCUMENT_CONTENT_TYPES.join(', ');
  return new UnsupportedMediaTypeError(`Documents must be one of: ${accepted}`, [
    { field: 'content-type', issue: `${contentType || 'missing'} is not accepted; accepted types: ${accepted}` },
  ]);
}
