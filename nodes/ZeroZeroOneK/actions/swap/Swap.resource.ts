import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getDirections from './getDirections.operation';

export { cancel, create, get, getAll, getDirections };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['swap'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description:
					'Ask 001k to stop a swap that is still open (POST /swap/cancel); a swap that already executed cannot be undone',
				action: 'Cancel a swap',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Exchange one currency for another at the current 001k rate (POST /swap/open). Moves money.',
				action: 'Create a swap',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one swap by its code. Read-only.',
				action: 'Get a swap',
			},
			{
				name: 'Get Directions',
				value: 'getDirections',
				description:
					'List the currency pairs this account may swap, with precision, limits, rate and fee. Read-only.',
				action: 'Get swap directions',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List swaps, newest first. Read-only.',
				action: 'Get many swaps',
			},
		],
		default: 'create',
	},
	...cancel.description,
	...create.description,
	...get.description,
	...getAll.description,
	...getDirections.description,
];
