import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { OPERATION_TYPES, type ListRoute } from '../../../shared/operationTypes';
import { getMany } from '../../helpers/reads';
import {
	customIdFilter,
	filtersCollection,
	listField,
	returnAllFields,
	statusFilter,
	timeWindowFilters,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllFields,
	filtersCollection([
		customIdFilter,
		listField('Pair', 'pair', 'getLimitPairsOrAny', 'Only orders on this trading pair.'),
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
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['limitOrder'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await getMany.call(this, itemIndex, 'GET /limit-order' satisfies ListRoute<'limitOrder'>);
}
