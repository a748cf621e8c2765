import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ERROR_CODES } from '@inps/shared';
import { errorCodesIn } from './error-codes';

const ROOT = join(__dirname, '..', '..');

/** Every error code written in the source must have its message in the error catalogue (libs/shared/messages/errors). */
describe('error codes', () => {
  const sources = execFileSync('git', ['ls-files', 'libs/*/src/*.ts', 'services/*/src/*.ts'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));

  it('every code thrown or answered in libs and services is in ERROR_CODES (and so in the catalogue)', () => {
    const uses = sources.flatMap((f) => errorCodesIn(join(ROOT, f)).map((u) => ({ ...u, file: f })));
    // The scan must see the codes it is there for, or it checks nothing.
    expect(uses.map((u) => u.code)).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'TRANSITION_NOT_ALLOWED', 'QUERY_TOO_DEEP', 'INVALID_API_KEY']));
    const unknown = uses.filter((u) => !(ERROR_CODES as readonly string[]).includes(u.code)).map((u) => `${u.code} (${u.file}:${u.line})`);
    expect(unknown).toEqual([]);
  });

  it('finds codes in every place an answer gets one', () => {
    const text = `
      class TeapotError extends AppError { constructor() { super('TEAPOT_ONE', 'I am a teapot'); } }
      throw new ConflictError('Taken', [{ field: 'name', issue: 'TAKEN_ISSUE_NOT_A_CODE' }], 'TEAPOT_TWO');
      throw new NotFoundError('x', undefined, { code: 'TEAPOT_THREE' });
      new GraphQLError('x', { extensions: { code: 'TEAPOT_FOUR' } });
      sendGraphQLError(res, 400, 'TEAPOT_FIVE', 'message');
      const body = { error: { code: 'TEAPOT_SIX', message: 'x' } };
      const refusal = { refusal: { code: 'TEAPOT_SEVEN', message: 'x' } };
      errorBody('TEAPOT_EIGHT', 'x');
      const status = { status: 'NOT_A_CODE_HERE' };
      throw new Error('PLAIN_ERROR_NOT_A_CODE');
    `;
    expect(errorCodesIn('fixture.ts', text).map((u) => u.code)).toEqual([
      'TEAPOT_ONE',
      'TEAPOT_TWO',
      'TEAPOT_THREE',
      'TEAPOT_FOUR',
      'TEAPOT_FIVE',
      'TEAPOT_SIX',
      'TEAPOT_SEVEN',
      'TEAPOT_EIGHT',
    ]);
  });
});
