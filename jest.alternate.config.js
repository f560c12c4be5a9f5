/** The action-node, trigger, guardrail, exactly-once and credential tests again, against the sandbox's "alternate" readings profile (sandbox/README.md "Readings"). */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: [
		'<rootDir>/test/actions/**/*.test.cts',
		'<rootDir>/test/trigger.test.cts',
		'<rootDir>/test/pollTrigger.test.cts',
		'<rootDir>/test/guardrails/**/*.test.cts',
		'<rootDir>/test/exactlyOnce.test.cts',
		'<rootDir>/test/credential.test.cts',
		'<rootDir>/test/httpRequestNode.test.cts',
	],
	setupFiles: [...base.setupFiles, '<rootDir>/test/setup-alternate.js'],
};
