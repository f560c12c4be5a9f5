import type { INodeProperties } from 'n8n-workflow';

import * as generateAddress from './generateAddress.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getMethods from './getMethods.operation';

export { generateAddress, get, getAll, getMethods };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deposit'] } },
		options: [
			{
				name: 'Generate Address',
				value: 'generateAddress',
				description:
					'Generate a new address to receive a deposit of a currency (POST /deposit/generate_address). Moves no money.',
				action: 'Generate a deposit address',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one deposit by its code. Read-only.',
				action: 'Get a deposit',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List incoming deposits, newest first. Read-only.',
				action: 'Get many deposits',
			},
			{
				name: 'Get Methods',
				value: 'getMethods',
				description:
					'List the deposit methods this account may use, with limits, fees and the current deposit address. Read-only.',
				action: 'Get deposit methods',
			},
		],
		default: 'generateAddress',
	},
	...generateAddress.description,
	...get.description,
	...getAll.description,
	...getMethods.description,
];
