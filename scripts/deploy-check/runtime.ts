/**
 * The Node.js runtime the project runs on, named in four places that must agree: `.nvmrc`, the root
 * package.json (`engines.node` and the `node` devDependency that puts that runtime first on the PATH
 * of every npm script, whatever Node.js the machine has), and the Dockerfile's base image.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './project';

export interface RuntimeFiles {
  readonly nvmrc: string;
  readonly packageJson: string;
  readonly dockerfile: string;
}

export function readRuntimeFiles(root: string = ROOT): RuntimeFiles {
  const read = (file: string): string => readFileSync(join(root, file), 'utf8');
  return { nvmrc: read('.nvmrc'), packageJson: read('package.json'), dockerfile: read('Dockerfile') };
}

/** The major version `.nvmrc` names. */
export function runtimeMajor(files: RuntimeFiles = readRuntimeFiles()): number {
  return Number(/^\s*v?(\d+)/.exec(files.nvmrc)?.[1] ?? NaN);
}

export function checkRuntime(files: RuntimeFiles): string[] {
  const problems: string[] = [];
  const major = runtimeMajor(files);
  if (!Number.isInteger(major)) return ['.nvmrc names no Node.js major version'];
  const pkg = JSON.parse(files.packageJson) as { engines?: { node?: string }; devDependencies?: Record<string, string> };
  const engines = pkg.engines?.node ?? '';
  if (!new RegExp(`^>=\\s*${major}(\\.|$)`).test(engines)) problems.push(`package.json: engines.node is "${engines}", not ">=${major}"`);
  const pinned = pkg.devDependencies?.node ?? '';
  if (!new RegExp(`^[~^]?${major}\\.`).test(pinned)) problems.push(`package.json: the node devDependency is "${pinned || '(missing)'}", not Node.js ${major}`);
  const image = /^ARG NODE_IMAGE=node:(\d+)/m.exec(files.dockerfile)?.[1];
  if (image !== String(major)) problems.push(`Dockerfile: NODE_IMAGE is Node.js ${image ?? '(none)'}, not ${major}`);
  return problems;
}
