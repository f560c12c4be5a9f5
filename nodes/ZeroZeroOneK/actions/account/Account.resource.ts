import type { INodeProperties } from 'n8n-workflow';

import * as getBalances from './getBalances.operation';
import * as getServerTime from './getServerTime.operation';

export { getBalances, getServerTime };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Balances',
				value: 'getBalances',
				description: 'Get the available and frozen balance of every currency (GET /balance)',
				action: 'Get balances',
			},
			{
				name: 'Get Server Time',
				value: 'getServerTime',
				description: "Get 001k's clock, e.g. to check this server's time (GET /status)",
				action: 'Get server time',
			},
		],
		default: 'getBalances',
	},
	...getBalances.description,
	...getServerTime.description,
];
