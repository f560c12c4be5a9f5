/** The action-node and trigger tests again, against the sandbox's "alternate" readings profile (sandbox/README.md "Readings"). */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['<rootDir>/test/actions/**/*.test.ts', '<rootDir>/test/trigger.test.ts', '<rootDir>/test/pollTrigger.test.ts'],
	setupFiles: [...base.setupFiles, '<rootDir>/test/setup-alternate.js'],
};
