import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';
import { SheetRenderBusyError } from './render/sheet-render-pool';

/**
 * Adds Retry-After to the 503 of a full rendering queue; the shared error filter writes the body,
 * keeping the headers already set (it sets Retry-After itself only for a rate limit).
 */
@Injectable()
export class SheetBusyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof SheetRenderBusyError) context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(error.retryAfterSeconds));
        return throwError(() => error);
      }),
    );
  }
}
