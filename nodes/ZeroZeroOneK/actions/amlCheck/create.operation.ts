import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { sharedList } from '../../helpers/catalog';
import { createOrPreview } from '../../helpers/dryRun';
import { createBody } from '../../helpers/createBody';
import { failFor } from '../../helpers/parameters';
import {
	callbackUrlField,
	customIdFields,
	dryRunField,
	listField,
	waitFields,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		required: true,
		options: [
			{
				name: 'Deposit',
				value: 'deposit',
				description:
					'Check incoming funds: Transaction is required, Address is the address that received them',
			},
			{
				name: 'Withdrawal',
				value: 'withdrawal',
				description: 'Check where funds would go: Address (the receiving address) is required',
			},
		],
		default: 'withdrawal',
		description: 'Direction for the transaction check',
	},
	listField('Token', 'token', 'getAmlTokens', 'Token (blockchain network) to check on.', {
		required: true,
	}),
	{
		displayName: 'Address',
		name: 'address',
		type: 'string',
		default: '',
		placeholder: 'e.g. bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
		description:
			'Address to check. Required for Withdrawal (the address that receives the funds); optional for Deposit (the address that received them).',
	},
	{
		displayName: 'Transaction',
		name: 'transaction',
		type: 'string',
		default: '',
		placeholder: 'e.g. 7b5968e39e0d4c980a234931b8a2fd21e804eb7e9f7eb5af75b3d89e2972ad3d',
		description: 'Transaction hash to check. Required for Deposit; optional for Withdrawal.',
	},
	...customIdFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [callbackUrlField('aml-check')],
	},
	dryRunField,
	...waitFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['amlCheck'], operation: ['create'] } },
	properties,
);

/** 001k wants the token ID as a JSON integer; expressions often hand over a string. */
function readToken(this: IExecuteFunctions, itemIndex: number): number {
	const raw = this.getNodeParameter('token', itemIndex, '') as unknown;
	const text = String(raw ?? '').trim();
	if (!/^\d+$/.test(text)) {
		throw new NodeOperationError(
			this.getNode(),
			`Token "${text}" is not a token ID (a whole number, see "AML Check → Get Tokens")`,
			{
				itemIndex,
			},
		);
	}
	return Number(text);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const fail = failFor.call(this, itemIndex);
	const direction = this.getNodeParameter('direction', itemIndex) as string;
	if (direction !== 'deposit' && direction !== 'withdrawal')
		throw fail(`Direction must be "deposit" or "withdrawal", not "${direction}"`);
	const token = readToken.call(this, itemIndex);
	const address = String(this.getNodeParameter('address', itemIndex, '')).trim();
	const transaction = String(this.getNodeParameter('transaction', itemIndex, '')).trim();
	if (direction === 'deposit' && !transaction)
		throw fail('Transaction is required when Direction is Deposit');
	if (direction === 'withdrawal' && !address)
		throw fail('Address is required when Direction is Withdrawal');
	const body = await createBody.call(this, itemIndex, { direction, token, address, transaction });
	// The doc has no plan parameter: 001k picks the plan, so the preview lists each plan's price.
	const quote = async () => ({
		plans: (await sharedList.call(this, 'GET /aml/plan')).map(({ code, currency, price }) => ({
			code,
			currency,
			price,
		})),
	});
	return [await createOrPreview.call(this, itemIndex, 'amlCheck', 'POST /aml/check', body, quote)];
}
