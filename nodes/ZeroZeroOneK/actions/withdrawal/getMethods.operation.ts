import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { methodsOfCurrency, methodsOmitCurrency, referenceList } from '../../helpers/catalog';
import { listField, filtersCollection } from '../common.descriptions';

const properties: INodeProperties[] = [
	filtersCollection([
		listField('Currency', 'currency', 'getCurrenciesOrAny', 'Only methods for this currency.'),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['withdrawal'], operation: ['getMethods'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { currency } = this.getNodeParameter('filters', itemIndex, {}) as { currency?: string };
	const methods = await referenceList.call(this, 'GET /withdrawal-methods');
	if (!currency) return methods;
	const code = String(currency).trim().toUpperCase();
	const currencies = methodsOmitCurrency(methods)
		? await referenceList.call(this, 'GET /currency')
		: undefined;
	const ofCurrency = methodsOfCurrency(methods, code, currencies);
	if (!ofCurrency)
		throw new NodeOperationError(
			this.getNode(),
			`Cannot tell which withdrawal methods are for ${code}: the methods do not name their currency and GET /currency does not list them`,
			{ itemIndex },
		);
	return ofCurrency;
}
