import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { create, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['internalTransfer'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Send funds to another 001k user, by user ID or email (POST /internal-transfer). Moves money.',
				action: 'Create an internal transfer',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one internal transfer by its code. Read-only.',
				action: 'Get an internal transfer',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List internal transfers sent and received, newest first. Read-only.',
				action: 'Get many internal transfers',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
];
