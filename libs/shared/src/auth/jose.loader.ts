export type Jose = typeof import('jose');

let loaded: Promise<Jose> | undefined;

/**
 * jose 6 is published only as an ES module. Loading it on first use (Node >= 20.19 can require()
 * it from CommonJS) keeps every module that does not touch tokens loadable where ES modules are
 * not. Jest on Node 20 is such a place: its config must compile jose with
 * libs/shared/test/esm-to-cjs.transform.js (see libs/shared/README.md).
 */
export function loadJose(): Promise<Jose> {
  loaded ??= import('jose').catch((error: unknown) => {
    loaded = undefined;
    const message = error instanceof Error ? error.message : String(error);
    if (/import to load ES Module|ERR_REQUIRE_ESM/.test(message)) {
      throw new Error(
        'jose (an ES module) cannot be loaded here. Under Jest, transform it: add ' +
          "'/node_modules/jose/.+\\\\.js$': '<rootDir>/libs/shared/test/esm-to-cjs.transform.js' to `transform` and " +
          "'/node_modules/(?!jose/)' as `transformIgnorePatterns` (libs/shared/README.md).",
        { cause: error },
      );
    }
    throw error;
  });
  return loaded;
}
