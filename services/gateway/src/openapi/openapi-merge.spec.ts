import { mergeOpenApi } from './openapi-merge';

const error = { type: 'object', properties: { error: { type: 'object' } } };

describe('mergeOpenApi', () => {
  it('unions paths, keeps identical components once and renames clashing ones with their references', () => {
    const merged = mergeOpenApi(
      [
        {
          name: 'questionnaire',
          document: {
            paths: { '/api/v1/screenings': { get: { responses: { 200: { $ref: '#/components/schemas/Page' } } } } },
            components: { schemas: { Error: error, Page: { type: 'object', properties: { items: { type: 'array' } } } } },
            tags: [{ name: 'screenings' }],
          },
        },
        {
          name: 'agreements',
          document: {
            paths: {
              '/api/v1/agreements': { get: { responses: { 200: { $ref: '#/components/schemas/Page' }, 400: { $ref: '#/components/schemas/Error' } } } },
            },
            components: { schemas: { Error: error, Page: { type: 'object', properties: { total: { type: 'integer' } } } } },
            tags: [{ name: 'agreements' }, { name: 'screenings' }],
          },
        },
      ],
      { title: 'T', version: '1' },
    ) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> }; tags: { name: string }[] };
    expect(Object.keys(merged.paths)).toEqual(['/api/v1/screenings', '/api/v1/agreements']);
    expect(Object.keys(merged.components.schemas).sort()).toEqual(['AgreementsPage', 'Error', 'Page']);
    expect(JSON.stringify(merged.paths['/api/v1/agreements'])).toContain('#/components/schemas/AgreementsPage');
    expect(JSON.stringify(merged.paths['/api/v1/agreements'])).toContain('#/components/schemas/Error');
    expect(JSON.stringify(merged.paths['/api/v1/screenings'])).toContain('#/components/schemas/Page"');
    expect(merged.tags.map((t) => t.name)).toEqual(['screenings', 'agreements']);
  });
});
