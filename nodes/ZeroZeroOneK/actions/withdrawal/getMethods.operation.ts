import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { methodCurrency, referenceList } from '../../helpers/catalog';

const properties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Currency Name or ID',
				name: 'currency',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCurrencies' },
				default: '',
				description: 'Only methods for this currency. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['withdrawal'], operation: ['getMethods'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { currency } = this.getNodeParameter('filters', itemIndex, {}) as { currency?: string };
	const methods = await referenceList.call(this, 'GET /withdrawal-methods');
	return currency ? methods.filter((m) => methodCurrency(m) === currency.trim().toUpperCase()) : methods;
}
