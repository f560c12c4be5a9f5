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
		listField('Currency', 'currency', 'getCurrenciesOrAny', 'Only deposits of this currency.'),
		{
			...customIdFilter,
			description: 'Only deposits to the address generated with this custom_id',
		},
		...timeWindowFilters(OPERATION_TYPES.deposit.timeField),
		statusFilter(OPERATION_TYPES.deposit.statuses),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deposit'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await getMany.call(this, itemIndex, 'GET /deposit' satisfies ListRoute<'deposit'>);
}
