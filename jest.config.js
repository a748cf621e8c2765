/** One Jest run for every workspace: unit tests beside the code, integration tests under test/. */
const common = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
    // jose 6 is published only as ES modules, which Jest on Node 20 cannot require().
    '/node_modules/jose/.+\\.js$': '<rootDir>/libs/shared/test/esm-to-cjs.transform.js',
    // Hive's router-runtime loads its query planner with import(), which Jest's CommonJS runtime refuses
    // (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG); compiled, the import() becomes a require().
    '/node_modules/@graphql-hive/router-runtime/.+\\.cjs$': '<rootDir>/libs/shared/test/esm-to-cjs.transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|@graphql-hive/router-runtime)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@inps/(client|fonts|kernel|shared|territories)$': '<rootDir>/libs/$1/src',
    '^@inps/(client|fonts|kernel|shared|territories)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  rootDir: __dirname,
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services}/*/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      setupFilesAfterEnv: ['<rootDir>/libs/shared/test/integration-timeout.js'],
      testMatch: ['<rootDir>/{libs,services}/*/test/**/*.spec.ts', '<rootDir>/test/*.spec.ts'],
      globalSetup: '<rootDir>/libs/shared/test/global-setup.js',
      globalTeardown: '<rootDir>/libs/shared/test/global-teardown.js',
    },
    // Run by `npm run test:faults`, `npm run test:security` and `npm run test:scale` (and .ci/run), not
    // by `npm test`: they start and break their own servers and processes.
    ...['faults', 'security', 'scale'].map((suite) => ({
      ...common,
      displayName: suite,
      setupFilesAfterEnv: ['<rootDir>/libs/shared/test/system-timeout.js'],
      testMatch: [`<rootDir>/test/${suite}/**/*.spec.ts`],
      globalSetup: '<rootDir>/libs/shared/test/global-setup.js',
      globalTeardown: '<rootDir>/libs/shared/test/global-teardown.js',
    })),
  ],
};
