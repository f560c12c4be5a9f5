import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createBody } from '../../helpers/createBody';
import { readSeconds } from '../../helpers/parameters';
import { apiRequest } from '../../../shared/transport';
import { callbackUrlField, customIdFields, listField } from '../common.descriptions';

const properties: INodeProperties[] = [
	listField('Currency', 'currency', 'getDepositCurrencies', 'Currency code for the deposit.', {
		required: true,
	}),
	listField(
		'Method',
		'method',
		'getDepositMethodsOrDefault',
		"Specific deposit method (network or payment rail). Empty = the currency's default method.",
		{ typeOptions: { loadOptionsDependsOn: ['currency'] } },
	),
	...customIdFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [callbackUrlField('deposit')],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deposit'], operation: ['generateAddress'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const body = await createBody.call(this, itemIndex, {
		currency: String(this.getNodeParameter('currency', itemIndex)).toUpperCase(),
		method: this.getNodeParameter('method', itemIndex, '') as string,
	});
	const checkHint = 'Check "Deposit → Get Methods": it shows the latest address of each method.';
	const timeoutMs =
		readSeconds.call(this, itemIndex, 'requestTimeout', 'Request Timeout', 30, 600) * 1000;
	return [
		(await apiRequest.call(this, {
			route: 'POST /deposit/generate_address',
			body,
			checkHint,
			timeoutMs,
		})) as IDataObject,
	];
}
