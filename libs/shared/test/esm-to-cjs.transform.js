'use strict';
/**
 * Jest transform for dependencies published only as ES modules (jose 6).
 * Jest on Node 20 cannot require() an ES module, so these files are compiled to CommonJS
 * with explicit options: no tsconfig is read, because the repository's
 * `useDefineForClassFields: false` would break their class fields.
 */
const crypto = require('node:crypto');
const ts = require('typescript');

const compilerOptions = {
  allowJs: true,
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  useDefineForClassFields: true,
  esModuleInterop: true,
  sourceMap: false,
};

module.exports = {
  process(sourceText, sourcePath) {
    const { outputText } = ts.transpileModule(sourceText, { fileName: sourcePath, compilerOptions });
    return { code: outputText };
  },
  getCacheKey(sourceText, sourcePath) {
    return crypto.createHash('sha256').update(`${ts.version}\0${sourcePath}\0${sourceText}`).digest('hex');
  },
};
