import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Body, Controller, Get, Module, Post, type DynamicModule } from '@nestjs/common';
import { Args, Context, GraphQLModule, Query, Resolver } from '@nestjs/graphql';
import { IsInt, Min } from 'class-validator';
import type { Request } from 'express';
import type { Language } from '@inps/kernel';
import {
  AuthModule,
  ConflictError,
  CoreModule,
  createTestApp,
  formatGraphQLError,
  NotFoundError,
  Public,
  RequestLanguage,
  requestLanguage,
  type BaseServiceConfig,
  type TestApp,
} from '../src';

jest.setTimeout(60_000);

class CountDto {
  @IsInt()
  @Min(0)
  count!: number;
}

@Controller('api/v1/words')
class WordsController {
  @Public()
  @Get('missing')
  missing(): never {
    throw new NotFoundError('No word here');
  }

  @Public()
  @Get('language')
  language(@RequestLanguage() language: Language): { language: Language } {
    return { language };
  }

  @Public()
  @Post()
  count(@Body() body: CountDto): { count: number } {
    return { count: body.count };
  }
}

@Resolver()
class WordsResolver {
  @Public()
  @Query(() => String)
  taken(): string {
    throw new ConflictError('Already taken', [{ field: 'name', issue: 'exists' }], 'TRANSITION_NOT_ALLOWED');
  }

  @Public()
  @Query(() => String)
  preferred(@RequestLanguage() language: Language): string {
    return language;
  }

  @Public()
  @Query(() => String)
  languageOf(@Context('req') req: Request, @Args('language', { nullable: true }) language?: string): string {
    return requestLanguage(req, language);
  }
}

@Module({})
class WordsModule {
  static forRoot(config: BaseServiceConfig): DynamicModule {
    return {
      module: WordsModule,
      imports: [
        CoreModule.forRoot(config),
        AuthModule.forRoot(config),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          formatError: formatGraphQLError,
          context: ({ req }: { req: unknown }) => ({ req }),
        }),
      ],
      controllers: [WordsController],
      providers: [WordsResolver],
    };
  }
}

describe('errors in the request language, through a real app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp((config) => WordsModule.forRoot(config));
  });
  afterAll(() => t?.close());

  it('REST: Accept-Language ro → the Romanian message, not reviewed; the English text and details kept', async () => {
    const res = await t.http.get('/api/v1/words/missing').set('accept-language', 'ro-RO,ro;q=0.9,en;q=0.8').expect(404);
    expect(res.headers['content-language']).toBe('ro');
    expect(res.body).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'Ceea ce ați cerut nu există sau nu este vizibil cu datele dumneavoastră de acces.',
        language: 'ro',
        reviewed: false,
        developerMessage: 'No word here',
      },
    });
    const invalid = await t.http.post('/api/v1/words').set('accept-language', 'ar').send({ count: -1 }).expect(400);
    expect(invalid.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'بعض البيانات المرسلة غير صالحة: تحقق من الحقول المذكورة وحاول مرة أخرى. (count)',
      language: 'ar',
      reviewed: false,
      details: [{ field: 'count', issue: 'count must not be less than 0' }],
    });
  });

  it('REST: an unknown header, or none, answers Italian; ?language= wins over the header', async () => {
    for (const header of ['de-DE', '*']) {
      const res = await t.http.get('/api/v1/words/missing').set('accept-language', header).expect(404);
      expect(res.body.error).toMatchObject({ message: 'Quanto richiesto non esiste o non è visibile con le sue credenziali.', language: 'it', reviewed: true });
    }
    const res = await t.http.get('/api/v1/words/missing?language=zh').set('accept-language', 'ro').expect(404);
    expect(res.body.error).toMatchObject({ language: 'zh', message: '您请求的内容不存在，或您的凭据无权查看。' });
  });

  it('@RequestLanguage: explicit, then header, then Italian; an unknown language is a 400 naming the field and the codes', async () => {
    expect((await t.http.get('/api/v1/words/language?language=uk').set('accept-language', 'ro').expect(200)).body).toEqual({ language: 'uk' });
    expect((await t.http.get('/api/v1/words/language').set('accept-language', 'es-MX,es;q=0.9').expect(200)).body).toEqual({ language: 'es' });
    expect((await t.http.get('/api/v1/words/language').expect(200)).body).toEqual({ language: 'it' });
    const refused = await t.http.get('/api/v1/words/language?language=de').set('accept-language', 'fr').expect(400);
    expect(refused.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      language: 'fr',
      details: [{ field: 'language', issue: 'must be one of: it, en, ro, sq, ar, uk, zh, bn, es, fr' }],
    });
  });

  it('GraphQL: the message in the language of Accept-Language, language and reviewed in extensions', async () => {
    const res = await t.http.post('/graphql').set('accept-language', 'sq').send({ query: '{ taken }' }).expect(200);
    expect(res.body.errors[0]).toMatchObject({
      message: 'Ky hap nuk lejohet në gjendjen aktuale.',
      extensions: {
        code: 'TRANSITION_NOT_ALLOWED',
        status: 409,
        language: 'sq',
        reviewed: false,
        developerMessage: 'Already taken',
        details: [{ field: 'name', issue: 'exists' }],
      },
    });
    const italian = await t.http.post('/graphql').set('accept-language', 'ja').send({ query: '{ taken }' }).expect(200);
    expect(italian.body.errors[0].extensions).toMatchObject({ language: 'it', reviewed: true });
    const apollo = await t.http.post('/graphql?language=en').send({ query: '{ nothing }' });
    expect(apollo.body.errors[0]).toMatchObject({
      message: 'The GraphQL request does not match the schema.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', language: 'en', reviewed: false, developerMessage: expect.stringContaining('nothing') },
    });
  });

  it('GraphQL: an argument `language` wins; an unknown one is VALIDATION_FAILED naming it', async () => {
    const ok = await t.http.post('/graphql').set('accept-language', 'ro').send({ query: '{ languageOf(language: "bn") }' }).expect(200);
    expect(ok.body.data).toEqual({ languageOf: 'bn' });
    const header = await t.http.post('/graphql').set('accept-language', 'ro').send({ query: '{ languageOf }' }).expect(200);
    expect(header.body.data).toEqual({ languageOf: 'ro' });
    const decorated = await t.http.post('/graphql?language=zh').set('accept-language', 'ro').send({ query: '{ preferred }' }).expect(200);
    expect(decorated.body.data).toEqual({ preferred: 'zh' });
    const unknown = await t.http.post('/graphql?language=xx').set('accept-language', 'ro').send({ query: '{ preferred }' }).expect(200);
    expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', language: 'ro', details: [{ field: 'language' }] });
    const refused = await t.http.post('/graphql').set('accept-language', 'ro').send({ query: '{ languageOf(language: "klingon") }' }).expect(200);
    expect(refused.body.errors[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      language: 'ro',
      details: [{ field: 'language', issue: expect.stringContaining('it, en') }],
    });
  });
});
