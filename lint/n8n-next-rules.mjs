// Checks for rules already on n8n's main branch (@n8n/eslint-plugin-community-nodes) but not in
// the released 0.32.0 that n8n's scanner runs today, written for this repository from their
// documented intent (not copied): the next scanner release must pass too. The description-level
// rules (defaults, option order, duplicates, hint length) are checked on the loaded node
// descriptions in test/descriptionConventions.test.cts, which also sees fields spread in from
// other files.
import path from 'node:path';

const implementsName = (cls, name) =>
	(cls.implements ?? []).some(
		(i) => i.expression?.type === 'Identifier' && i.expression.name === name,
	);

const isThisCall = (node, method) =>
	node?.type === 'CallExpression' &&
	node.callee.type === 'MemberExpression' &&
	node.callee.object.type === 'ThisExpression' &&
	node.callee.property.type === 'Identifier' &&
	node.callee.property.name === method;

/** Depth-first search of an AST subtree. */
function someNode(node, predicate) {
	if (!node || typeof node.type !== 'string') return false;
	if (predicate(node)) return true;
	for (const [key, value] of Object.entries(node)) {
		if (key === 'parent' || key === 'loc' || key === 'range') continue;
		const children = Array.isArray(value) ? value : [value];
		if (children.some((child) => child && typeof child === 'object' && someNode(child, predicate)))
			return true;
	}
	return false;
}

const objectKey = (prop) =>
	prop.type === 'Property'
		? prop.key.type === 'Identifier'
			? prop.key.name
			: prop.key.value
		: undefined;

const descriptionName = (cls) => {
	const description = cls.body.body.find(
		(m) => m.type === 'PropertyDefinition' && m.key.name === 'description',
	);
	const name = description?.value?.properties?.find((p) => objectKey(p) === 'name');
	return name?.value?.type === 'Literal'
		? { node: name.value, value: String(name.value.value) }
		: undefined;
};

const rule = (description, create) => ({
	meta: { type: 'problem', docs: { description }, schema: [] },
	create,
});

export default {
	rules: {
		'require-continue-on-fail': rule(
			'execute() of a node must consult this.continueOnFail()',
			(context) => ({
				ClassDeclaration(cls) {
					if (!implementsName(cls, 'INodeType')) return;
					for (const m of cls.body.body) {
						if (m.type !== 'MethodDefinition' || m.key.name !== 'execute') continue;
						if (!someNode(m.value.body, (n) => isThisCall(n, 'continueOnFail'))) {
							context.report({
								node: m.key,
								message: 'execute() must handle this.continueOnFail()',
							});
						}
					}
				},
			}),
		),
		'node-operation-error-itemindex': rule(
			'NodeOperationError / NodeApiError in a *.node.ts file carry { itemIndex }',
			(context) => {
				if (!context.filename.endsWith('.node.ts')) return {};
				return {
					NewExpression(node) {
						if (
							node.callee.type !== 'Identifier' ||
							!['NodeOperationError', 'NodeApiError'].includes(node.callee.name)
						)
							return;
						const options = node.arguments[2];
						const ok =
							options &&
							(options.type !== 'ObjectExpression' ||
								options.properties.some(
									(p) => p.type === 'SpreadElement' || objectKey(p) === 'itemIndex',
								));
						if (!ok)
							context.report({
								node,
								message: `new ${node.callee.name}(…) needs { itemIndex } as its third argument`,
							});
					},
				};
			},
		),
		'node-filename-against-convention': rule(
			'a node file is named after description.name',
			(context) => {
				if (!context.filename.endsWith('.node.ts')) return {};
				return {
					ClassDeclaration(cls) {
						if (!implementsName(cls, 'INodeType')) return;
						const name = descriptionName(cls);
						if (!name) return;
						const expected = name.value.charAt(0).toUpperCase() + name.value.slice(1);
						const actual = path.basename(context.filename, '.node.ts').replace(/V\d+$/, '');
						if (actual !== expected)
							context.report({
								node: name.node,
								message: `rename the file to ${expected}.node.ts`,
							});
						if (!/^[a-z][a-zA-Z0-9]*$/.test(name.value))
							context.report({ node: name.node, message: 'description.name must be camelCase' });
					},
				};
			},
		),
		'cred-class-name-suffix': rule('credential classes and names end in Api', (context) => {
			if (!context.filename.endsWith('.credentials.ts')) return {};
			return {
				ClassDeclaration(cls) {
					if (!implementsName(cls, 'ICredentialType')) return;
					if (!cls.id.name.endsWith('Api'))
						context.report({ node: cls.id, message: 'credential class name must end with Api' });
					const name = cls.body.body.find(
						(m) => m.type === 'PropertyDefinition' && m.key.name === 'name',
					);
					const value = name?.value?.type === 'Literal' ? String(name.value.value) : undefined;
					if (value !== undefined && (!value.endsWith('Api') || /^[A-Z]/.test(value))) {
						context.report({
							node: name,
							message: 'credential name must start lowercase and end with Api',
						});
					}
					const display = cls.body.body.find(
						(m) => m.type === 'PropertyDefinition' && m.key.name === 'displayName',
					);
					const shown =
						display?.value?.type === 'Literal' ? String(display.value.value) : undefined;
					if (
						shown !== undefined &&
						(/\bApi\b/.test(shown) || shown[0] !== shown[0].toUpperCase())
					) {
						context.report({
							node: display,
							message: 'credential displayName starts uppercase and writes API, not Api',
						});
					}
				},
			};
		}),
	},
};
