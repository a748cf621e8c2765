import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A folder of the service's data (`rulesets/`, `messages/`), found by walking up from this module
 * to the service's root (where package.json is): from src/ under ts-node and Jest, from dist/ after
 * a build, and in the image, which ships the folders beside dist/.
 */
export function findServiceFolder(name: string, start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no ${name}/ folder beside a package.json above ${start}`);
    dir = parent;
  }
}
