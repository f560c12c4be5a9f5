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
		listField('Currency', 'currency', 'getCurrenciesOrAny', 'Only withdrawals of this currency.'),
		customIdFilter,
		...timeWindowFilters('created_at'),
		statusFilter(OPERATION_TYPES.withdrawal.statuses),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['withdrawal'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await getMany.call(this, itemIndex, 'GET /withdraw' satisfies ListRoute<'withdrawal'>);
}
