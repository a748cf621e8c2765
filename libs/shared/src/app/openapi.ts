import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { LANGUAGES } from '@inps/kernel';

export interface OpenApiOptions {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/** The error shape (docs/architecture.md §11), referenced by every documented error answer. */
const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'language', 'reviewed', 'developerMessage'],
      properties: {
        code: { type: 'string', example: 'VALIDATION_FAILED', description: 'Stable; what a client reacts to (docs/api.md, "Errors").' },
        message: {
          type: 'string',
          description:
            "For the person: from the error catalogue, in the request's language (`language` in the query or body, else Accept-Language, else Italian).",
        },
        language: {
          type: 'string',
          enum: [...LANGUAGES],
          example: 'it',
          description: 'The language `message` is really in (Italian when a translation is missing).',
        },
        reviewed: { type: 'boolean', description: 'Whether a native speaker has reviewed the translation of `message` (Italian, the original, always is).' },
        developerMessage: {
          type: 'string',
          description: 'English, written by the code, more specific than `message`; for developers and support, not for display.',
        },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'issue'],
            properties: {
              field: { type: 'string', example: 'facts.age' },
              issue: { type: 'string', description: 'English, machine-oriented; not localized.' },
            },
          },
        },
      },
    },
  },
} as const;

/** Serves the service's OpenAPI 3 document at `/openapi.json` and Swagger UI at `/docs`. */
export function buildOpenApi(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const builder = new DocumentBuilder().setTitle(options.title).setVersion(options.version).addBearerAuth();
  if (options.description) builder.setDescription(options.description);
  const document = SwaggerModule.createDocument(app, builder.build());
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA as never } };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', raw: ['json'] });
  return document;
}
