/**
 * The one shape of a service (docs/service-anatomy.md), as a check: the entry points and lists a
 * newcomer looks for exist, and nothing else sits at the top of `src/`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceTree {
  /** Entries directly under src/ (files and folders). */
  readonly src: readonly string[];
  readonly hasReadme: boolean;
  readonly hasTestFolder: boolean;
  /** src/migrations/index.ts, the one ordered list of migrations. */
  readonly hasMigrationIndex: boolean;
  /** Folders anywhere under src/ named __tests__. */
  readonly testFolders: readonly string[];
  /** Files under src/domain that import a framework or do I/O. */
  readonly impureDomainFiles: readonly string[];
}

const REQUIRED = (svc: string): string[] => [
  'main.ts',
  'worker.ts',
  'worker.module.ts',
  'migrate.ts',
  `${svc}.config.ts`,
  'app.module.ts',
  'entities.ts',
  'migrations',
  'domain',
  'modules',
];
const OPTIONAL = ['common'];
/** What a pure domain may not import: frameworks, the ORM, the database, the network, the file system. */
const IMPURE = /from '(@nestjs\/[^']+|typeorm|pg|ioredis|bullmq|node:fs|fs|node:http|node:net|@inps\/shared)'/;

function walk(dir: string, visit: (path: string, isDir: boolean) => void): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const isDir = statSync(path).isDirectory();
    visit(path, isDir);
    if (isDir) walk(path, visit);
  }
}

export function readServiceTree(root: string, svc: string): ServiceTree {
  const base = join(root, 'services', svc);
  const src = join(base, 'src');
  const testFolders: string[] = [];
  const impureDomainFiles: string[] = [];
  walk(src, (path, isDir) => {
    if (isDir && path.endsWith('__tests__')) testFolders.push(path.slice(root.length + 1));
  });
  if (existsSync(join(src, 'domain'))) {
    walk(join(src, 'domain'), (path, isDir) => {
      if (!isDir && path.endsWith('.ts') && !path.endsWith('.spec.ts') && IMPURE.test(readFileSync(path, 'utf8')))
        impureDomainFiles.push(path.slice(root.length + 1));
    });
  }
  return {
    src: readdirSync(src).sort(),
    hasReadme: existsSync(join(base, 'README.md')),
    hasTestFolder: existsSync(join(base, 'test')),
    hasMigrationIndex: existsSync(join(src, 'migrations', 'index.ts')),
    testFolders,
    impureDomainFiles,
  };
}

export function checkAnatomy(svc: string, tree: ServiceTree): string[] {
  const problems: string[] = [];
  const required = REQUIRED(svc);
  for (const entry of required) if (!tree.src.includes(entry)) problems.push(`services/${svc}/src/${entry} is missing`);
  if (tree.src.includes('migrations') && !tree.hasMigrationIndex) problems.push(`services/${svc}/src/migrations/index.ts is missing`);
  const known = (entry: string) => required.includes(entry) || OPTIONAL.includes(entry);
  for (const entry of tree.src) {
    // A unit test sits beside the file it tests, at the top of src/ too.
    const tested = entry.endsWith('.spec.ts') ? entry.replace(/\.spec\.ts$/, '.ts') : undefined;
    if (!known(entry) && !(tested !== undefined && known(tested) && tree.src.includes(tested)))
      problems.push(`services/${svc}/src/${entry} is not part of the service anatomy`);
  }
  if (!tree.hasReadme) problems.push(`services/${svc}/README.md is missing`);
  if (!tree.hasTestFolder) problems.push(`services/${svc}/test/ (integration tests) is missing`);
  for (const folder of tree.testFolders) problems.push(`${folder}: unit tests sit beside the file they test, not in __tests__/`);
  for (const file of tree.impureDomainFiles) problems.push(`${file}: the domain is pure (no framework, ORM or I/O imports)`);
  return problems;
}
