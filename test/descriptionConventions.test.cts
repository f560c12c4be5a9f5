import { basename, join } from 'path';
import type {
	ICredentialType,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';

// n8n's unreleased community-node rules that look at node descriptions (require-param-default,
// node-param-conventions, options-sorted-alphabetically, no-duplicate-param-options,
// no-asterisk-in-option-names, hint-max-length, open-ended-node-fields, node-class-description-naming,
// cred-class-field-naming), checked on the descriptions n8n loads from dist/: the lint rules only
// see object literals inside *.node.ts, these checks also see the fields spread in from actions/.
const pkg = require('../package.json') as { n8n: { nodes: string[]; credentials: string[] } };
const root = join(__dirname, '..');
const load = <T,>(file: string): T => {
	const mod = require(join(root, file)) as Record<string, new () => T>;
	return new (Object.values(mod).find((v) => typeof v === 'function') as new () => T)();
};
const nodes = pkg.n8n.nodes.map((file) => ({ file, node: load<INodeType>(file) }));

type Param = INodeProperties;
const isOption = (o: unknown): o is INodePropertyOptions =>
	typeof o === 'object' && o !== null && 'value' in o;
const isCollection = (o: unknown): o is INodePropertyCollection =>
	typeof o === 'object' &&
	o !== null &&
	'values' in o &&
	Array.isArray((o as INodePropertyCollection).values);

/** Every parameter with its path: top level, inside collections and inside fixed collections. */
function allParams(props: Param[], path = ''): Array<{ path: string; param: Param }> {
	return props.flatMap((param) => {
		const here = `${path}${param.name}`;
		const children = (param.options ?? []).flatMap((o) => {
			if (isCollection(o)) return allParams(o.values, `${here}.${o.name}.`);
			if (!isOption(o) && typeof o === 'object' && 'type' in o)
				return allParams([o as Param], `${here}.`);
			return [];
		});
		return [{ path: here, param }, ...children];
	});
}

describe.each(nodes)('$file', ({ file, node }) => {
	const { description } = node;
	const params = allParams(description.properties);

	it('is named after its file, camelCase, with a description (node-class-description-naming)', () => {
		expect(description.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
		const expected = description.name.charAt(0).toUpperCase() + description.name.slice(1);
		expect(basename(file, '.node.js')).toBe(expected);
		expect(description.description.trim()).not.toBe('');
		for (const c of description.credentials ?? []) expect(c.name).toMatch(/Api$/);
	});

	it('gives every parameter a default and never says required: false (require-param-default)', () => {
		const missing = params.filter(({ param }) => !('default' in param)).map(({ path }) => path);
		const requiredFalse = params
			.filter(({ param }) => param.required === false)
			.map(({ path }) => path);
		expect({ missing, requiredFalse }).toEqual({ missing: [], requiredFalse: [] });
	});

	it('sorts every top-level dropdown by name (options-sorted-alphabetically)', () => {
		const unsorted = description.properties
			.filter((p) => p.type === 'options' && Array.isArray(p.options))
			.map((p) => ({
				field: p.displayName,
				names: (p.options as INodePropertyOptions[]).map((o) => o.name),
			}))
			.filter(({ names }) => {
				const sorted = [...names].sort((a, b) =>
					a.localeCompare(b, undefined, { sensitivity: 'base' }),
				);
				return names.some((n, i) => n !== sorted[i]);
			});
		expect(unsorted).toEqual([]);
	});

	it('has no duplicate option names or values and no "*" in option names (no-duplicate-param-options)', () => {
		const problems: string[] = [];
		for (const { path, param } of params) {
			if (param.type !== 'options' && param.type !== 'multiOptions') continue;
			const options = (param.options ?? []).filter(isOption);
			const names = options.map((o) => o.name);
			const values = options.map((o) => String(o.value));
			if (new Set(names).size !== names.length) problems.push(`${path}: duplicate names`);
			if (new Set(values).size !== values.length) problems.push(`${path}: duplicate values`);
			for (const n of names) if (n.includes('*')) problems.push(`${path}: "${n}"`);
		}
		expect(problems).toEqual([]);
	});

	it('keeps hints short and has no optional free-form JSON fields (hint-max-length, open-ended-node-fields)', () => {
		expect(
			params.filter(({ param }) => (param.hint ?? '').length > 120).map(({ path }) => path),
		).toEqual([]);
		expect(
			description.properties.filter((p) => p.type === 'json' && !p.required).map((p) => p.name),
		).toEqual([]);
	});
});

describe.each(pkg.n8n.credentials)('%s', (file) => {
	const credential = load<ICredentialType>(file);

	it('follows the credential naming rules (cred-class-name-suffix, cred-class-field-naming)', () => {
		const mod = require(join(root, file)) as Record<string, unknown>;
		expect(Object.keys(mod).find((k) => typeof mod[k] === 'function' && k !== 'sign')).toMatch(
			/Api$/,
		);
		expect(credential.name).toMatch(/^[a-z].*Api$/);
		expect(credential.displayName).toMatch(/^[A-Z0-9]/);
		expect(credential.displayName).not.toMatch(/\bApi\b/);
	});

	it('gives every field a default', () => {
		expect(
			allParams(credential.properties)
				.filter(({ param }) => !('default' in param))
				.map(({ path }) => path),
		).toEqual([]);
	});
});
