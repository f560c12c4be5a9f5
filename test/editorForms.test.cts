import { join } from 'path';
import { NodeHelpers } from 'n8n-workflow';
import type {
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';

// What a first-time user meets in the editor, checked with n8n-workflow's own display logic
// (NodeHelpers.getNodeParameters / displayParameter) on the descriptions n8n loads from dist/.
const root = join(__dirname, '..');
const { ZeroZeroOneK } = require(join(root, 'dist/nodes/ZeroZeroOneK/ZeroZeroOneK.node.js')) as {
	ZeroZeroOneK: new () => INodeType;
};
const { CALLBACK_PATHS } = require(join(root, 'dist/nodes/shared/callbackTypes.js')) as {
	CALLBACK_PATHS: Record<string, string>;
};
const loadOptions = require(join(root, 'dist/nodes/ZeroZeroOneK/methods/loadOptions.js')) as Record<
	string,
	unknown
>;
const { description } = new ZeroZeroOneK();
const node = { typeVersion: 1 };

/** The parameters n8n shows for these values (defaults filled in), as the editor computes them. */
function form(values: INodeParameters): {
	params: INodeParameters;
	shown: (name: string) => boolean;
} {
	const params = NodeHelpers.getNodeParameters(
		description.properties,
		values,
		true,
		false,
		node,
		description,
	)!;
	const shown = (name: string) =>
		description.properties.some(
			(p) => p.name === name && NodeHelpers.displayParameter(params, p, node, description),
		);
	return { params, shown };
}

const operations = (
	description.properties.filter((p) => p.name === 'operation') as INodeProperties[]
).flatMap((p) =>
	(p.options as INodePropertyOptions[]).map((o) => ({
		resource: p.displayOptions!.show!.resource![0] as string,
		operation: String(o.value),
	})),
);

describe('optional dropdowns open clean: the empty default is one of the choices', () => {
	/** Every options field whose default is '' (top level and inside collections). */
	const emptyDefaults = (
		props: INodeProperties[],
		path = '',
	): Array<{ path: string; p: INodeProperties }> =>
		props.flatMap((p) => [
			...(p.type === 'options' && p.default === '' ? [{ path: `${path}${p.name}`, p }] : []),
			...(p.type === 'collection'
				? emptyDefaults(p.options as INodeProperties[], `${path}${p.name}.`)
				: []),
		]);

	it.each(emptyDefaults(description.properties).map(({ path, p }) => [path, p]))(
		'%s',
		(_path, p) => {
			const method = p.typeOptions?.loadOptionsMethod;
			if (method) {
				if (!p.required) expect(method).toMatch(/Or(Any|Default)$/);
				expect(typeof loadOptions[method]).toBe('function');
			} else {
				expect((p.options as INodePropertyOptions[]).map((o) => o.value)).toContain('');
			}
		},
	);
});

describe('Dry Run and Wait for Completion cannot both be on', () => {
	const creates = operations.filter((o) =>
		description.properties.some(
			(p) =>
				p.name === 'dryRun' && NodeHelpers.displayParameter(form(o).params, p, node, description),
		),
	);

	it('covers the five money-moving creates', () => {
		expect(creates.map((o) => `${o.resource}.${o.operation}`).sort()).toEqual([
			'amlCheck.create',
			'internalTransfer.create',
			'limitOrder.create',
			'swap.create',
			'withdrawal.create',
		]);
	});

	it.each(creates)(
		'$resource → $operation: Wait for Completion is offered until Dry Run is turned on',
		(o) => {
			expect(form(o).shown('waitForCompletion')).toBe(true);
			const dry = form({ ...o, dryRun: true, waitForCompletion: true });
			expect(dry.shown('waitForCompletion')).toBe(false);
			expect(dry.shown('waitTimeout')).toBe(false);
			expect(dry.shown('pollInterval')).toBe(false);
			// A hidden parameter is not stored: the saved node cannot carry both.
			expect(dry.params.waitForCompletion).toBeUndefined();
		},
	);

	it.each([
		{ resource: 'swap', operation: 'cancel' },
		{ resource: 'limitOrder', operation: 'cancel' },
	])('$resource → $operation keeps Wait for Completion (no dry run there)', (o) => {
		expect(form({ ...o, waitForCompletion: true }).shown('pollInterval')).toBe(true);
	});
});

describe('Callback URL placeholders end like the 001k Trigger’s production URLs', () => {
	const cases = Object.entries(CALLBACK_PATHS).map(([resource, segment]) => ({
		resource,
		segment,
	}));
	it.each(cases)('$resource → …/$segment', ({ resource, segment }) => {
		const operation = resource === 'deposit' ? 'generateAddress' : 'create';
		const { params } = form({ resource, operation });
		const extras = description.properties.find(
			(p) =>
				p.type === 'collection' &&
				NodeHelpers.displayParameter(params, p, node, description) &&
				(p.options as INodeProperties[]).some((o) => o.name === 'callbackUrl'),
		);
		const field = (extras!.options as INodeProperties[]).find((o) => o.name === 'callbackUrl')!;
		expect(field.placeholder).toMatch(new RegExp(`/webhook/…/${segment}$`));
	});
});

describe('labels', () => {
	it('no field is labelled in a unit abbreviation such as "(Ms)"', () => {
		const all = JSON.stringify(description.properties);
		expect(all).not.toMatch(/\(Ms\)/);
		expect(all).not.toMatch(/Time to Live/);
	});
});
