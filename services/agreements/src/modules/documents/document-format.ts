import type { RawBodyRoute } from '@inps/shared';
/**
 * The document types an agreement file may have, each recognised by its first bytes as well as by
 * its declared type: a file that claims to be a PDF but is not one is refused.
 */
export const DOCUMENT_TYPES: Readonly<Record<string, { extension: string; magic: readonly number[] }>> = {
  'application/pdf': { extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extension: 'docx', magic: [0x50, 0x4b, 0x03, 0x04] }, // ZIP
  'application/vnd.oasis.opendocument.text': { extension: 'odt', magic: [0x50, 0x4b, 0x03, 0x04] },
  'image/png': { extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  'image/jpeg': { extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
};

export const DOCUMENT_CONTENT_TYPES = Object.keys(DOCUMENT_TYPES);
export const DOCUMENT_KINDS = ['TEXT', 'SIGNED_COPY', 'ANNEX', 'OTHER'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export function contentMatchesType(contentType: string, head: Buffer): boolean {
  const type = DOCUMENT_TYPES[contentType];
  return type !== undefined && head.length >= type.magic.length && type.magic.every((b, i) => head[i] === b);
}

/**
 * A file name as shown to people: no folders, no control or reserved characters, so it can never
 * name a path or break a header. Returns null when nothing sensible is left.
 */
export function safeFileName(name: string): string | null {
  if (name.length === 0 || name.length > 200) return null;
  const hasControl = [...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  if (hasControl || /[\\/]/.test(name) || name.includes('..') || /[<>:"|?*]/.test(name)) return null;
  const trimmed = name.trim();
  return trimmed.length > 0 && trimmed !== '.' ? trimmed : null;
}

/** Content-Disposition for a download: an ASCII fallback and the exact name in RFC 5987 form. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * The upload route takes the document as its raw body: the shared JSON check lets it through, and
 * the documents service refuses a type not in DOCUMENT_TYPES, naming those it accepts.
 */
export const DOCUMENT_UPLOAD_ROUTE: RawBodyRoute = { method: 'POST', path: /^\/api\/v1\/agreements\/[^/]+\/documents\/?$/ };
