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
		{
			displayName: 'Address',
			name: 'address',
			type: 'string',
			default: '',
			description: 'Only checks of exactly this address',
		},
		{
			displayName: 'Code',
			name: 'code',
			type: 'string',
			default: '',
			placeholder: 'e.g. AML123456',
			description: 'Only the check with this internal code',
		},
		customIdFilter,
		...timeWindowFilters(OPERATION_TYPES.amlCheck.timeField),
		listField('Plan', 'plan', 'getAmlPlansOrAny', 'Only checks paid with this plan.'),
		statusFilter(OPERATION_TYPES.amlCheck.statuses),
		listField('Token', 'token', 'getAmlTokensOrAny', 'Only checks on this token.'),
		{
			displayName: 'Transaction',
			name: 'transaction',
			type: 'string',
			default: '',
			description: 'Only checks of exactly this transaction hash',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['amlCheck'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await getMany.call(this, itemIndex, 'GET /aml/check' satisfies ListRoute<'amlCheck'>);
}
