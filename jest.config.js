/** One Jest run for every workspace: unit tests beside the code, integration tests under test/. */
const common = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
    // jose 6 is published only as ES modules, which Jest on Node 20 cannot require().
    '/node_modules/jose/.+\\.js$': '<rootDir>/libs/shared/test/esm-to-cjs.transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@inps/(shared|territories)$': '<rootDir>/libs/$1/src',
    '^@inps/(shared|territories)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  rootDir: __dirname,
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services}/*/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services}/*/test/**/*.spec.ts'],
      globalSetup: '<rootDir>/libs/shared/test/global-setup.js',
      globalTeardown: '<rootDir>/libs/shared/test/global-teardown.js',
    },
  ],
};
