import { join } from 'node:path';
import { services } from '../deploy-check/project';
import { checkAnatomy, readServiceTree, type ServiceTree } from './anatomy';

const ROOT = join(__dirname, '..', '..');
/** The services that own data; the gateway owns none and has a shape of its own (services/gateway/README.md). */
const DATA_SERVICES = services()
  .filter((s) => s.hasMigrations)
  .map((s) => s.name);

describe('service anatomy (docs/service-anatomy.md)', () => {
  it('covers every service that owns data', () => {
    expect(DATA_SERVICES).toEqual(expect.arrayContaining(['questionnaire', 'agreements', 'monitoring']));
  });

  it.each(DATA_SERVICES)('%s has the one shape', (svc) => {
    expect(checkAnatomy(svc, readServiceTree(ROOT, svc))).toEqual([]);
  });

  const good: ServiceTree = {
    src: ['app.module.ts', 'common', 'domain', 'entities.ts', 'main.ts', 'migrate.ts', 'migrations', 'modules', 'x.config.ts', 'worker.module.ts', 'worker.ts'],
    hasReadme: true,
    hasTestFolder: true,
    hasMigrationIndex: true,
    testFolders: [],
    impureDomainFiles: [],
  };
  const broken: [string, Partial<ServiceTree>, RegExp][] = [
    ['no migrate entry point', { src: good.src.filter((e) => e !== 'migrate.ts') }, /migrate\.ts is missing/],
    ['a stray folder', { src: [...good.src, 'graphql'] }, /src\/graphql is not part/],
    ['no README', { hasReadme: false }, /README\.md is missing/],
    ['no migration list', { hasMigrationIndex: false }, /migrations\/index\.ts is missing/],
    ['tests in __tests__', { testFolders: ['services/x/src/domain/__tests__'] }, /beside the file/],
    ['an impure domain', { impureDomainFiles: ['services/x/src/domain/a.ts'] }, /domain is pure/],
    ['a test of nothing at the top', { src: [...good.src, 'helpers.spec.ts'] }, /helpers\.spec\.ts is not part/],
  ];
  it('accepts a unit test beside a top-level file', () => {
    expect(checkAnatomy('x', { ...good, src: [...good.src, 'x.config.spec.ts'] })).toEqual([]);
  });
  it.each(broken)('reports a broken copy: %s', (_name, change, pattern) => {
    expect(checkAnatomy('x', good)).toEqual([]);
    const problems = checkAnatomy('x', { ...good, ...change });
    expect(problems.some((p) => pattern.test(p))).toBe(true);
  });
});
