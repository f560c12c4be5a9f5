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
		listField(
			'Currency',
			'currency_code',
			'getCurrenciesOrAny',
			'Only transfers of this currency.',
		),
		customIdFilter,
		...timeWindowFilters(OPERATION_TYPES.internalTransfer.timeField),
		statusFilter(OPERATION_TYPES.internalTransfer.statuses),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['internalTransfer'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await getMany.call(
		this,
		itemIndex,
		'GET /internal-transfer' satisfies ListRoute<'internalTransfer'>,
	);
}
