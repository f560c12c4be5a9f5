import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { methodCurrency, referenceList } from '../../helpers/catalog';
import { listField, filtersCollection } from '../common.descriptions';

const properties: INodeProperties[] = [
	filtersCollection([
		listField('Currency', 'currency', 'getCurrenciesOrAny', 'Only methods for this currency.'),
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['withdrawal'], operation: ['getMethods'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { currency } = this.getNodeParameter('filters', itemIndex, {}) as { currency?: string };
	const methods = await referenceList.call(this, 'GET /withdrawal-methods');
	return currency ? methods.filter((m) => methodCurrency(m) === String(currency).trim().toUpperCase()) : methods;
}
