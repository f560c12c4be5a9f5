/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	// The tests are .cts (CommonJS TypeScript): n8n-node lint's Cloud rules cover **/*.ts, the code
	// that ships; npm run lint covers the tests (CONTRIBUTING.md, "Formatting and lint").
	moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'cts', 'json', 'node'],
	transform: {
		'^.+\\.c?ts$': [
			'ts-jest',
			{ tsconfig: 'test/tsconfig.json', diagnostics: { warnOnly: false } },
		],
	},
	resolver: '<rootDir>/test/resolver.js',
	testMatch: ['<rootDir>/test/**/*.test.cts', '<rootDir>/sandbox/test/**/*.test.js'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/reliability/'],
	setupFiles: ['<rootDir>/test/setup-env.js'],
	// The tests load dist/: a source file newer than its build is rebuilt before any test runs.
	globalSetup: '<rootDir>/test/globalSetup.js',
	testTimeout: 60000,
};
