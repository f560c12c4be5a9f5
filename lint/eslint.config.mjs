// npm run lint (`eslint -c lint/eslint.config.mjs .`), then `n8n-node lint`, which reads the root
// eslint.config.mjs: n8n Cloud's strict mode wants that file exactly as n8n's CLI writes it, so the
// repository's own lint lives here. On nodes/, credentials/ and package.json: both rule sets n8n applies
// to community nodes, the verification scanner's (@n8n/eslint-plugin-community-nodes) and the classic
// n8n-nodes-base rules, plus the import direction and rules from n8n's main branch. Everything else:
// the sandbox, scripts and lint rules by eslint's recommended rules; the tests and the bench parsed.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

import n8nNext from './n8n-next-rules.mjs';

// The import direction (CONTRIBUTING.md): nodes/<Node>/ → nodes/shared/ ← credentials/. These give the
// editor's early warning; test/importDirection.test.cts checks the same on resolved paths, plus cycles.
const NODE_FOLDERS = ['ZeroZeroOneK', 'ZeroZeroOneKTrigger', 'ZeroZeroOneKPollTrigger'];
const folderPatterns = (names) => names.flatMap((name) => [`**/${name}`, `**/${name}/**`]);
const restrict = (group, message) => ({
	'no-restricted-imports': ['error', { patterns: [{ group, message }] }],
});
const importDirection = [
	{
		files: ['nodes/shared/**/*.ts'],
		rules: restrict(
			[...folderPatterns(NODE_FOLDERS), '**/credentials/**'],
			'nodes/shared/ imports only itself.',
		),
	},
	{
		files: ['credentials/**/*.ts'],
		rules: restrict(
			folderPatterns(NODE_FOLDERS),
			'The credential imports only nodes/shared/, never a node.',
		),
	},
	...NODE_FOLDERS.map((name) => ({
		files: [`nodes/${name}/**/*.ts`],
		rules: restrict(
			[...folderPatterns(NODE_FOLDERS.filter((other) => other !== name)), '**/credentials/**'],
			'A node imports its own folder and nodes/shared/ only: move what two rooms need to nodes/shared/.',
		),
	})),
];

/** Never linted: build output, installs and run artefacts. Everything else is. */
const ignores = [
	'dist/**',
	'node_modules/**',
	'coverage/**',
	'test-results/**',
	'.sandbox-data/**',
];

// The sandbox, the scripts, the root JS files and the lint rules themselves: plain Node code, held to
// eslint's recommended rules. Rest siblings may drop keys on purpose (`const { a, ...rest } = x`).
const plainJs = (files, sourceType) => ({
	files,
	extends: [js.configs.recommended],
	languageOptions: { ecmaVersion: 2022, sourceType, globals: { ...globals.node } },
	rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true }] },
});

export default tseslint.config(
	{ ignores },
	{
		// What the scanner lints: the published nodes and credentials. Tests only need to parse.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		extends: [n8nCommunityNodesPlugin.configs.recommended],
		languageOptions: { parser: tseslint.parser },
		rules: { 'no-console': 'error' },
	},
	{
		// Rules on n8n's main branch, not yet in the released scanner (see lint/n8n-next-rules.mjs).
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		plugins: { 'n8n-next': n8nNext },
		rules: Object.fromEntries(
			Object.keys(n8nNext.rules).map((name) => [`n8n-next/${name}`, 'error']),
		),
	},
	...importDirection,
	{ files: ['test/**/*.cts'], languageOptions: { parser: tseslint.parser } },
	{
		files: ['package.json'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// A main-repo-only rule: it camelCases documentationUrl into a docs.n8n.io slug, while the
			// community rule requires a real http(s) URL. The two contradict; the URL is what users need.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// It wants every field named "*key*" hidden; the Access Key is public (sent as a header), and the
			// scanner's credential-unnecessary-password rule asks for the opposite. The Secret Key is hidden.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These want the string literal 'main'; the verification scanner wants NodeConnectionTypes.Main.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	plainJs(['sandbox/**/*.js', 'scripts/**/*.js', '*.js'], 'commonjs'),
	{ files: ['sandbox/test/**/*.js'], languageOptions: { globals: { ...globals.jest } } },
	plainJs(['lint/**/*.mjs', '*.mjs'], 'module'),
	{ files: ['bench/**/*.cts'], languageOptions: { parser: tseslint.parser } },
);
