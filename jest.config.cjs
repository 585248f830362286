/**
 * One jest run over every package and the top-level test/ folder.
 * Tests import packages by name (@purertc/x) and are mapped to their TypeScript
 * sources, so `npm test` does not depend on a stale build. @swc/jest compiles
 * TypeScript to CommonJS for jest; the published packages stay ESM.
 */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@purertc/common/node-crypto$': '<rootDir>/packages/common/src/node-crypto.ts',
    '^@purertc/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^@purertc/([a-z-]+)/(.+)$': '<rootDir>/packages/$1/src/$2.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/packages/[^/]+/dist/'],
  testTimeout: 30000,
  setupFiles: ['<rootDir>/test/jest-setup.cjs'],
};
