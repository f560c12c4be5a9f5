import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { OPERATION_TYPES } from '../../helpers/operationTypes';
import { getMany } from '../../helpers/utils';
import { customIdFilter, returnAllFields, statusFilter, timeWindowFilters } from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			customIdFilter,
			{
				displayName: 'Pair Name or ID',
				name: 'pair',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getLimitPairs' },
				default: '',
				description: 'Only orders on this trading pair. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Side',
				name: 'side',
				type: 'options',
				options: [
					{ name: 'Buy', value: 'buy' },
					{ name: 'Sell', value: 'sell' },
				],
				default: 'buy',
				description: 'Only buy or only sell orders',
			},
			...timeWindowFilters(OPERATION_TYPES.limitOrder.timeField),
			statusFilter(OPERATION_TYPES.limitOrder.statuses),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['limitOrder'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await getMany.call(this, itemIndex, 'limitOrder');
}
