// `npm run lint:all`: `npm run lint`'s rules plus plain-JS rules (Node globals) on sandbox/, scripts/,
// bench/, lint/ and the root JS files. Apart from `npm run lint` until those folders are clean.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

import { base, ignores } from './eslint.config.mjs';

export default tseslint.config(
	{ ignores },
	...base,
	{
		files: ['sandbox/**/*.js', 'scripts/**/*.js', '*.js'],
		extends: [js.configs.recommended],
		languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: { ...globals.node } },
	},
	{ files: ['sandbox/test/**/*.js'], languageOptions: { globals: { ...globals.jest } } },
	{
		files: ['lint/**/*.mjs', '*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
	},
	{ files: ['bench/**/*.ts'], languageOptions: { parser: tseslint.parser } },
);
