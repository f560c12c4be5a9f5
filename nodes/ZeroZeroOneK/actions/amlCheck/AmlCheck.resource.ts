import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getPlans from './getPlans.operation';
import * as getTokens from './getTokens.operation';

export { create, get, getAll, getPlans, getTokens };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['amlCheck'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Start a paid AML risk check of a blockchain address or transaction (POST /aml/check). Moves money: the plan price is charged to your balance.',
				action: 'Create an AML check',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one AML check and its report by its code. Read-only.',
				action: 'Get an AML check',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List AML checks with their reports, newest first. Read-only.',
				action: 'Get many AML checks',
			},
			{
				name: 'Get Plans',
				value: 'getPlans',
				description: 'List the AML check plans and the price of one check in each. Read-only.',
				action: 'Get AML check plans',
			},
			{
				name: 'Get Tokens',
				value: 'getTokens',
				description:
					'List the tokens (blockchain networks) AML checks support, with their IDs. Read-only.',
				action: 'Get AML check tokens',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...getPlans.description,
	...getTokens.description,
];
