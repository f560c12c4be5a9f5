import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import { filtersCollection, listField } from '../common.descriptions';

const properties: INodeProperties[] = [
	filtersCollection([
		listField('Currency', 'currency', 'getCurrenciesOrAny', 'Filter by currency code.'),
		{
			displayName: 'Is Enabled',
			name: 'is_enabled',
			type: 'boolean',
			default: true,
			description: 'Whether to return only enabled methods (on) or only disabled ones (off)',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deposit'], operation: ['getMethods'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as {
		currency?: string;
		is_enabled?: boolean;
	};
	const qs: IDataObject = {
		currency:
			filters.currency === undefined ? undefined : String(filters.currency).trim().toUpperCase(),
		is_enabled: typeof filters.is_enabled === 'boolean' ? String(filters.is_enabled) : undefined,
	};
	return (await apiRequest.call(this, { route: 'GET /deposit-methods', qs })) as IDataObject[];
}
