import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getMethods from './getMethods.operation';

export { create, get, getAll, getMethods };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['withdrawal'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Send funds to an external address or bank account (POST /withdraw). Moves money.',
				action: 'Create a withdrawal',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one withdrawal by its code',
				action: 'Get a withdrawal',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List withdrawals, newest first',
				action: 'Get many withdrawals',
			},
			{
				name: 'Get Methods',
				value: 'getMethods',
				description: 'List the withdrawal methods this account may use, with limits and fees',
				action: 'Get withdrawal methods',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...getMethods.description,
];
