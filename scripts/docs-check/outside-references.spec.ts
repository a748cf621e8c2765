/**
 * The repository stands alone: no tracked file may send a reader to documents kept outside it
 * (`npx jest scripts/docs-check`). Cite docs/architecture.md, docs/domain.md, docs/facts.md or
 * docs/benefits.md instead, by section ("docs/architecture.md §2.5"). The checker is also fed a
 * broken copy of the repository, in memory, to prove it can fail.
 */
import { checkFiles, findOutsideReferences, formatReferences, isScanned, trackedFiles, type FileEntry } from './outside-references';

const FILES = trackedFiles();

describe('references to documents outside the repository', () => {
  it('reads the tracked files, this checker excepted', () => {
    const paths = FILES.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/domain.md', 'docs/facts.md', 'docs/benefits.md']));
    expect(paths.some((p) => p.startsWith('scripts/docs-check/'))).toBe(false);
  });

  it('finds none in the tracked files', () => {
    const found = checkFiles(FILES);
    if (found.length > 0) {
      throw new Error(`These lines point outside the repository; cite the project's own docs/ instead:\n${formatReferences(found)}`);
    }
  });

  it('fails on a broken copy of the repository', () => {
    // The outbox comment as it read before the docs moved into the repository.
    const target = 'libs/shared/src/outbox/outbox.service.ts';
    const original = FILES.find((f) => f.path === target)?.content ?? '';
    const line = original.split('\n').findIndex((l) => l.includes('docs/architecture.md §2.5')) + 1;
    expect(line).toBeGreaterThan(0);
    const broken: FileEntry[] = FILES.map((f) => (f.path === target ? { ...f, content: f.content.replace('docs/architecture.md §2.5', 'DESIGN.md §2.5') } : f));
    expect(checkFiles(broken)).toEqual([{ file: target, line, kind: 'design document', match: 'DESIGN.md' }]);
  });

  it.each([
    ['the design document', 'src/a.ts', ' * commits (DESIGN.md §2.5).'],
    ['a design section without the extension', 'src/a.ts', ' * The review workflow (DESIGN §5).'],
    ['the stack notes', 'src/a.ts', ' * an opaque error (STACK.md).'],
    ['the domain notes', 'rulesets/x/facts.yaml', '# The core fact vocabulary of domain/facts.md.'],
    ['the domain README', 'src/indicators.ts', ' * The indicators of domain/README.md, as data.'],
    ['the source documents', 'docs/domain.md', 'From the messages in seeds/000.txt'],
    ['the shared folder', 'README.md', 'See /work/shared/DESIGN.md'],
    ['the shared folder, relatively', 'docs/domain.md', 'See ../shared/domain/README.md'],
    ['design notes', 'README.md', 'The architecture is in the design notes shared with the team.'],
    ['a bare facts.md outside docs/', 'src/a.ts', "description: 'facts by name (facts.md)'"],
    ['a bare benefits.md outside docs/', 'rulesets/NOTES.md', '`benefits.md` is followed literally'],
    ['facts.md in a folder that is not docs/', 'docs/decisions/0005.md', 'see [the table](domain/benefits.md)'],
  ])('flags %s', (_what, file, line) => {
    const found = findOutsideReferences(file, `first line\n${line}\nlast line`);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((r) => r.file === file && r.line === 2)).toBe(true);
  });

  it.each([
    ['a repository path to docs/', 'src/a.ts', ' * The core fact vocabulary (docs/facts.md).'],
    ['a sibling link inside docs/', 'docs/architecture.md', 'in [facts.md](facts.md) and [benefits.md](./benefits.md)'],
    ['a relative link from docs/decisions/', 'docs/decisions/0005.md', '([docs/benefits.md](../benefits.md))'],
    ['a relative link from deep inside', 'services/questionnaire/rulesets/NOTES.md', '[docs/benefits.md](../../../docs/benefits.md)'],
    ['an in-repository domain folder', 'src/a.ts', "import { median } from '../domain/indicators'; // domain/suppression.ts"],
    ['the shared library', 'README.md', 'see libs/shared/README.md and @inps/shared'],
    ['the seed generator', 'README.md', 'src/seed, npm run seed:monitoring'],
    ['a section sign for an RFC', 'src/ics.ts', ' * Folds a content line at 75 octets (RFC 5545 §3.1).'],
  ])('does not flag %s', (_what, file, line) => {
    expect(findOutsideReferences(file, line)).toEqual([]);
  });

  it('skips dependencies, build output, binary files and itself', () => {
    expect(isScanned('node_modules/x/README.md')).toBe(false);
    expect(isScanned('services/a/dist/main.js')).toBe(false);
    expect(isScanned('scripts/docs-check/outside-references.ts')).toBe(false);
    expect(isScanned('scripts/deploy-check/project.ts')).toBe(true);
    expect(checkFiles([{ path: 'a.png', content: 'PNG\u0000 DESIGN.md' }])).toEqual([]);
    expect(checkFiles([{ path: 'a.md', content: 'DESIGN.md' }])).toHaveLength(1);
  });
});
