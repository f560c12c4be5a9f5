/** npm run bench: benchmarks, not tests (no timing assertions); writes docs/benchmarks.md. */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['<rootDir>/bench/**/*.test.cts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 1_800_000,
};
