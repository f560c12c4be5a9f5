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
			{
				displayName: 'Plan Name or ID',
				name: 'plan',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getAmlPlans' },
				default: '',
				description: 'Only checks paid with this plan. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			statusFilter(OPERATION_TYPES.amlCheck.statuses),
			{
				displayName: 'Token Name or ID',
				name: 'token',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getAmlTokens' },
				default: '',
				description: 'Only checks on this token. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Transaction',
				name: 'transaction',
				type: 'string',
				default: '',
				description: 'Only checks of exactly this transaction hash',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['amlCheck'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await getMany.call(this, itemIndex, 'amlCheck');
}
