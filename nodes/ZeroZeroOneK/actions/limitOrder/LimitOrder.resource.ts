import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getPairs from './getPairs.operation';

export { cancel, create, get, getAll, getPairs };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['limitOrder'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description:
					'Cancel an open limit order and release its reserved funds (POST /limit-order/cancel); a filled order cannot be undone',
				action: 'Cancel a limit order',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Place an order to buy or sell at a set price (POST /limit-order). Moves money: the spend amount is reserved at once and exchanged when the price is reached.',
				action: 'Create a limit order',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one limit order by its code. Read-only.',
				action: 'Get a limit order',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List limit orders, newest first. Read-only.',
				action: 'Get many limit orders',
			},
			{
				name: 'Get Pairs',
				value: 'getPairs',
				description:
					'List the trading pairs this account may trade, with precision, limits, fee and latest price. Read-only.',
				action: 'Get trading pairs',
			},
		],
		default: 'create',
	},
	...cancel.description,
	...create.description,
	...get.description,
	...getAll.description,
	...getPairs.description,
];
