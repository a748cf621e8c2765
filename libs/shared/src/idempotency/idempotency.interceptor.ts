import { romeDaySql } from '@inps/kernel';
import { createHash } from 'node:crypto';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { principalOf } from '../auth/principal.store';
import { qualifiedTable } from '../database/database.options';
import { ConflictError, UnprocessableError, ValidationFailedError } from '../errors/app-error';

const HEADER = 'idempotency-key';
const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
/** A request still running after this long is taken for one whose process died: it runs again. */
const ABANDONED_AFTER_MS = 60_000;
const WAIT_FOR_FIRST_MS = 10_000;
/** Keys are remembered the day they were used and the next one (24 to 48 hours). */
const KEEP_DAYS = 1;

interface Row {
  fingerprint: Buffer;
  response: { body: unknown } | null;
}

/**
 * `Idempotency-Key` on POST: the first request with a key runs, and any repeat until the end of the
 * next day with the same body gets the first answer again (header `Idempotent-Replayed: true`) without running; a
 * repeat that arrives while the first is still running waits for it. The same key with another body
 * is 422. Failures are not remembered, so a retry after an error runs again.
 *
 * Only for authenticated callers: anonymous callers have nothing that tells one from another, so a
 * remembered answer would go to whoever sends the same key and body, another person included (a
 * self-assessment's screening id and resume code). Their key is checked but nothing is remembered:
 * every anonymous POST runs (decision 0013).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private lastCleanup = 0;

  constructor(private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const key = req.headers[HEADER];
    if (req.method !== 'POST' || key === undefined) return next.handle();
    return from(this.run(req, context.switchToHttp().getResponse<Response>(), String(key), next));
  }

  private async run(req: Request, res: Response, key: string, next: CallHandler): Promise<unknown> {
    if (!KEY.test(key))
      throw new ValidationFailedError('The Idempotency-Key header is not valid', [
        { field: 'Idempotency-Key', issue: 'must be 8 to 128 letters, digits, or . _ : -' },
      ]);
    const principal = principalOf(req);
    if (!principal) return lastValueFrom(next.handle(), { defaultValue: undefined });
    const table = qualifiedTable(this.dataSource, 'idempotency_key');
    const scope = principal.organisationId ? `org:${principal.organisationId}` : `roles:${[...principal.roles].sort().join(',')}`;
    const fingerprint = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
      .digest();
    await this.cleanup(table);

    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const claimed = (await this.dataSource.query(
        `INSERT INTO ${table} (scope, key, fingerprint, started_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (scope, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, started_at = now(), created_on = EXCLUDED.created_on
           WHERE ${table}.response IS NULL AND ${table}.started_at < now() - make_interval(secs => $4)
         RETURNING key`,
        [scope, key, fingerprint, ABANDONED_AFTER_MS / 1000],
      )) as unknown[];
      if (claimed.length === 1) return this.first(table, scope, key, next);
      const [row] = (await this.dataSource.query(`SELECT fingerprint, response FROM ${table} WHERE scope = $1 AND key = $2`, [scope, key])) as Row[];
      if (row === undefined) continue; // the first one failed and let the key go: run now
      if (!row.fingerprint.equals(fingerprint)) {
        throw new UnprocessableError(
          'This Idempotency-Key was used for another request',
          [{ field: 'Idempotency-Key', issue: 'already used with a different method, path or body' }],
          'IDEMPOTENCY_KEY_REUSED',
        );
      }
      if (row.response !== null) {
        res.setHeader('Idempotent-Replayed', 'true');
        return row.response.body;
      }
      if (Date.now() > deadline)
        throw new ConflictError(
          'A request with this Idempotency-Key is still being processed; retry later',
          [{ field: 'Idempotency-Key', issue: 'in progress' }],
          'IDEMPOTENCY_IN_PROGRESS',
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async first(table: string, scope: string, key: string, next: CallHandler): Promise<unknown> {
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await this.dataSource.query(`DELETE FROM ${table} WHERE scope = $1 AND key = $2`, [scope, key]).catch(() => undefined);
      throw error;
    }
    // Streams and files are not replayable: the key is released instead of remembered.
    const replayable = body === undefined || body === null || typeof body !== 'object' || body.constructor === Object || Array.isArray(body);
    if (replayable) {
      await this.dataSource.query(`UPDATE ${table} SET response = $3, started_at = NULL WHERE scope = $1 AND key = $2`, [
        scope,
        key,
        JSON.stringify({ body: body ?? null }),
      ]);
    } else {
      await this.dataSource.query(`DELETE FROM ${table} WHERE scope = $1 AND key = $2`, [scope, key]);
    }
    return body;
  }

  private async cleanup(table: string): Promise<void> {
    if (Date.now() - this.lastCleanup < 600_000) return;
    this.lastCleanup = Date.now();
    await this.dataSource.query(`DELETE FROM ${table} WHERE created_on < ${romeDaySql()} - $1::int`, [KEEP_DAYS]);
  }
}
