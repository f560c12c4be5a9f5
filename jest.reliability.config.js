/** The reliability suite (issue: faults, bad input, secrets, load): slower, run by `npm run test:reliability`. */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['<rootDir>/test/reliability/**/*.test.cts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 600000,
	maxWorkers: 6,
};
