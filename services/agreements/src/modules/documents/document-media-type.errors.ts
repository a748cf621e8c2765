import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { UnsupportedMediaTypeError } from '@inps/shared';
import type { Application, NextFunction, Request, Response } from 'express';
import { DOCUMENT_CONTENT_TYPES } from './document-format';

/** The one refusal of a document whose type is not accepted, naming the types that are. */
export function unsupportedDocumentType(contentType: string): UnsupportedMediaTypeError {
  const accepted = DOCUMENT_CONTENT_TYPES.join(', ');
  return new UnsupportedMediaTypeError(`Documents must be one of: ${accepted}`, [
    { field: 'content-type', issue: `${contentType || 'missing'} is not accepted; accepted types: ${accepted}` },
  ]);
}

const UPLOAD_PATH = /^\/api\/v1\/agreements\/[^/]+\/documents\/?$/;

/**
 * The shared body check refuses, before any route runs, a body that is neither JSON nor one of the
 * service's document types, saying the body must be JSON: no help to someone uploading a text
 * file. Its refusal reaches Express's error handlers, not a route's, so this adds one (at module
 * init: after the routes, before Nest's own handler) that answers an upload with the types a
 * document may have and hands every other error on unchanged.
 */
@Injectable()
export class DocumentMediaTypeErrors implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter?.getInstance<Application>();
    express?.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
      const isUpload = req.method === 'POST' && UPLOAD_PATH.test(req.path);
      if (!isUpload || !(error instanceof UnsupportedMediaTypeError) || error.details || res.headersSent) return next(error);
      const refusal = unsupportedDocumentType((req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase());
      res.status(refusal.status).json(refusal.toBody());
    });
  }
}
