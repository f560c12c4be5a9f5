/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { warnOnly: false } }],
	},
	testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/sandbox/test/**/*.test.js'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/reliability/'],
	setupFiles: ['<rootDir>/test/setup-env.js'],
	// The tests load dist/: a source file newer than its build is rebuilt before any test runs.
	globalSetup: '<rootDir>/test/globalSetup.js',
	testTimeout: 60000,
};
