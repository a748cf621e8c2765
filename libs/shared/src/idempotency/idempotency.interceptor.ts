import { romeDaySql } from '@inps/kernel';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { principalOf } from '../auth/principal.store';
import { qualifiedTable } from '../database/database.options';
import { ConflictError, UnprocessableError, ValidationFailedError } from '../errors/app-error';
import { idempotencySecrets, openAnswer, requestFingerprint, sameFingerprint, sealAnswer, type IdempotencySecrets } from './idempotency.seal';

const HEADER = 'idempotency-key';
/** Long enough to be a secret (a UUID is 36): the key is what seals the remembered answer. */
const KEY = /^[A-Za-z0-9_.:-]{16,128}$/;
/** A request still running after this long is taken for one whose process died: it runs again. */
const ABANDONED_AFTER_MS = 60_000;
const WAIT_FOR_FIRST_MS = 10_000;
/** Keys are remembered the day they were used and the next one (24 to 48 hours). */
const KEEP_DAYS = 1;

interface Row {
  fingerprint: Buffer;
  sealed_response: Buffer | null;
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
 *
 * The store keeps nothing readable without the key: the row is found by a hash of the key (scoped to
 * the caller), the fingerprint is an HMAC under a key derived from it, and the answer is sealed with
 * AES-256-GCM under another (idempotency.seal.ts, decision 0015). A start's resume code, or any
 * secret a future answer holds, is not in the table in clear.
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
        { field: 'Idempotency-Key', issue: 'must be 16 to 128 letters, digits, or . _ : - (a UUID, for example)' },
      ]);
    const principal = principalOf(req);
    if (!principal) return lastValueFrom(next.handle(), { defaultValue: undefined });
    const table = qualifiedTable(this.dataSource, 'idempotency_key');
    const scope = principal.organisationId ? `org:${principal.organisationId}` : `roles:${[...principal.roles].sort().join(',')}`;
    const secrets = idempotencySecrets(scope, key);
    const fingerprint = requestFingerprint(secrets, req.method, req.originalUrl, req.body);
    await this.cleanup(table);

    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const claimed = (await this.dataSource.query(
        `INSERT INTO ${table} (scope, key_hash, fingerprint, started_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (scope, key_hash) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, started_at = now(), created_on = EXCLUDED.created_on
           WHERE ${table}.sealed_response IS NULL AND ${table}.started_at < now() - make_interval(secs => $4)
         RETURNING scope`,
        [scope, secrets.lookup, fingerprint, ABANDONED_AFTER_MS / 1000],
      )) as unknown[];
      if (claimed.length === 1) return this.first(table, scope, secrets, next);
      const [row] = (await this.dataSource.query(`SELECT fingerprint, sealed_response FROM ${table} WHERE scope = $1 AND key_hash = $2`, [
        scope,
        secrets.lookup,
      ])) as Row[];
      if (row === undefined) continue; // the first one failed and let the key go: run now
      if (!sameFingerprint(row.fingerprint, fingerprint)) {
        throw new UnprocessableError(
          'This Idempotency-Key was used for another request',
          [{ field: 'Idempotency-Key', issue: 'already used with a different method, path or body' }],
          'IDEMPOTENCY_KEY_REUSED',
        );
      }
      if (row.sealed_response !== null) {
        const { body } = JSON.parse(openAnswer(secrets, row.sealed_response)) as { body: unknown };
        res.setHeader('Idempotent-Replayed', 'true');
        return body;
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

  private async first(table: string, scope: string, secrets: IdempotencySecrets, next: CallHandler): Promise<unknown> {
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await this.dataSource.query(`DELETE FROM ${table} WHERE scope = $1 AND key_hash = $2`, [scope, secrets.lookup]).catch(() => undefined);
      throw error;
    }
    // Streams and files are not replayable: the key is released instead of remembered.
    const replayable = body === undefined || body === null || typeof body !== 'object' || body.constructor === Object || Array.isArray(body);
    if (replayable) {
      await this.dataSource.query(`UPDATE ${table} SET sealed_response = $3, started_at = NULL WHERE scope = $1 AND key_hash = $2`, [
        scope,
        secrets.lookup,
        sealAnswer(secrets, JSON.stringify({ body: body ?? null })),
      ]);
    } else {
      await this.dataSource.query(`DELETE FROM ${table} WHERE scope = $1 AND key_hash = $2`, [scope, secrets.lookup]);
    }
    return body;
  }

  private async cleanup(table: string): Promise<void> {
    if (Date.now() - this.lastCleanup < 600_000) return;
    this.lastCleanup = Date.now();
    await this.dataSource.query(`DELETE FROM ${table} WHERE created_on < ${romeDaySql()} - $1::int`, [KEEP_DAYS]);
  }
}
