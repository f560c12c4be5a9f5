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
				displayName: 'Direction Name or ID',
				name: 'direction',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getSwapDirections' },
				default: '',
				description: 'Only swaps in this direction. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			...timeWindowFilters(OPERATION_TYPES.swap.timeField),
			statusFilter(OPERATION_TYPES.swap.statuses),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['swap'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await getMany.call(this, itemIndex, 'swap');
}
