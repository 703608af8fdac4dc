// A user's Jest config with jest-difftest: one helper call.
const { withDiffTest } = require('jest-difftest');

module.exports = withDiffTest({
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
});
