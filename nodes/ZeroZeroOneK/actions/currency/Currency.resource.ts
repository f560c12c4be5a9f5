import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['currency'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the currencies 001k supports, with precision and their deposit and withdrawal methods (GET /currency). Read-only.',
				action: 'Get many currencies',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
