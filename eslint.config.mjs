// Both rule sets n8n applies to community nodes: the verification scanner's
// (@n8n/eslint-plugin-community-nodes) and the classic n8n-nodes-base rules.
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

import n8nNext from './lint/n8n-next-rules.mjs';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'sandbox/**', 'scripts/**', 'bench/**', 'lint/**', '*.js', '*.mjs'] },
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
		rules: Object.fromEntries(Object.keys(n8nNext.rules).map((name) => [`n8n-next/${name}`, 'error'])),
	},
	{ files: ['test/**/*.ts'], languageOptions: { parser: tseslint.parser } },
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
);
