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
			{
				displayName: 'Currency Name or ID',
				name: 'currency_code',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCurrencies' },
				default: '',
				description: 'Only transfers of this currency. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			customIdFilter,
			...timeWindowFilters(OPERATION_TYPES.internalTransfer.timeField),
			statusFilter(OPERATION_TYPES.internalTransfer.statuses),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['internalTransfer'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await getMany.call(this, itemIndex, 'internalTransfer');
}
