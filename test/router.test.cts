import { join } from 'path';
import type { INodePropertyOptions, INodeType } from 'n8n-workflow';

import { operations } from '../nodes/ZeroZeroOneK/actions/router';

// The router's table (typed by actions/node.type.ts, checked by the build) and the node's
// Resource and Operation dropdowns (what the editor offers, loaded from dist/ as n8n loads it) agree.
const { ZeroZeroOneK } = require(
	join(__dirname, '..', 'dist/nodes/ZeroZeroOneK/ZeroZeroOneK.node.js'),
) as { ZeroZeroOneK: new () => INodeType };
const { properties } = new ZeroZeroOneK().description;

const valuesOf = (options: unknown) =>
	((options ?? []) as INodePropertyOptions[]).map((o) => String(o.value)).sort();

describe('router: every resource/operation in the editor has exactly one handler', () => {
	const resources = valuesOf(properties.find((p) => p.name === 'resource')?.options);

	it('offers the resources the router dispatches, no more, no fewer', () => {
		expect(resources.length).toBe(8);
		expect(resources).toEqual(Object.keys(operations).sort());
	});

	it.each(resources)('offers for %s the operations the router dispatches', (resource) => {
		const picker = properties.filter(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
		);
		expect(picker).toHaveLength(1);
		expect(valuesOf(picker[0].options)).toEqual(
			Object.keys(operations[resource as keyof typeof operations]).sort(),
		);
	});

	it('counts 29 operations, one per documented endpoint', () => {
		expect(Object.values(operations).reduce((n, ops) => n + Object.keys(ops).length, 0)).toBe(29);
	});
});
