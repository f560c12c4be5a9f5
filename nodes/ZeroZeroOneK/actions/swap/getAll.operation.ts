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
		listField('Direction', 'direction', 'getSwapDirectionsOrAny', 'Only swaps in this direction.'),
		...timeWindowFilters(OPERATION_TYPES.swap.timeField),
		statusFilter(OPERATION_TYPES.swap.statuses),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['swap'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await getMany.call(this, itemIndex, 'GET /swap' satisfies ListRoute<'swap'>);
}
