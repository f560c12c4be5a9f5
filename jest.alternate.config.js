/** The action-node, trigger, guardrail, exactly-once and credential tests again, against the sandbox's "alternate" readings profile (sandbox/README.md "Readings"). */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: [
		'<rootDir>/test/actions/**/*.test.ts',
		'<rootDir>/test/trigger.test.ts',
		'<rootDir>/test/pollTrigger.test.ts',
		'<rootDir>/test/guardrails/**/*.test.ts',
		'<rootDir>/test/exactlyOnce.test.ts',
		'<rootDir>/test/credential.test.ts',
		'<rootDir>/test/httpRequestNode.test.ts',
	],
	setupFiles: [...base.setupFiles, '<rootDir>/test/setup-alternate.js'],
};
