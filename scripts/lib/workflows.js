'use strict';
// Building the small workflows the e2e checks import: nodes with stable ids, chained in order.

/** A builder whose node ids start with `idPrefix` (8 hex digits) and count from 1 after each reset(). */
function builder(idPrefix) {
	let n = 0;
	const node = (name, type, typeVersion, parameters, extra = {}) => ({
		id: `${idPrefix}-0000-4000-8000-${String(++n).padStart(12, '0')}`,
		name,
		type,
		typeVersion,
		position: [n * 220, 0],
		parameters,
		...extra,
	});
	/** Each named node feeds the next. */
	const chain = (...names) =>
		Object.fromEntries(
			names
				.slice(0, -1)
				.map((from, i) => [from, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
		);
	const workflow = (id, name, nodes, connections = chain(...nodes.map((x) => x.name))) => ({
		id,
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	});
	/** Set + Split Out: one item per list entry, without a Code node (no task runner needed). */
	const items = (setName, splitName, field, list) => [
		node(setName, 'n8n-nodes-base.set', 3.4, {
			mode: 'manual',
			includeOtherFields: false,
			assignments: {
				assignments: [{ id: 'p1', name: field, type: 'array', value: JSON.stringify(list) }],
			},
		}),
		node(splitName, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: field, options: {} }),
	];
	return { node, chain, workflow, items, reset: () => (n = 0) };
}

module.exports = { builder };
