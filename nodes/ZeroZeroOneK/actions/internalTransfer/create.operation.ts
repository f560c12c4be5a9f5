import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { checkThenCreate, type ReferenceLists, sameCode } from '../../helpers/catalog';
import { createOrPreview } from '../../helpers/dryRun';
import { createBody } from '../../helpers/createBody';
import { readAmount } from '../../helpers/parameters';
import {
	callbackUrlField,
	customIdFields,
	dryRunField,
	listField,
	waitFields,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	listField('Currency', 'currencyCode', 'getCurrencies', 'Currency code to transfer.', {
		required: true,
	}),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 0.01000000',
		description:
			"Amount to transfer, as a decimal string with at most the currency's precision (checked before sending)",
	},
	{
		displayName: 'Recipient',
		name: 'recipient',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. user123 or name@email.com',
		description: "Recipient's 001k user ID or email",
	},
	...customIdFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Address Book Code',
				name: 'address_book_code',
				type: 'string',
				default: '',
				description: 'Address book entry code to use for the transfer',
			},
			callbackUrlField('internal-transfer'),
			{
				displayName: 'Note',
				name: 'note',
				type: 'string',
				default: '',
				placeholder: 'e.g. Payment for services',
				description: 'Note about the transfer (visible to the recipient)',
			},
		],
	},
	dryRunField,
	...waitFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['internalTransfer'], operation: ['create'] } },
	properties,
);

/** Checks the amount against the currency's precision before anything is sent. */
async function checkedRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	lists: ReferenceLists,
): Promise<IDataObject> {
	const currency = String(this.getNodeParameter('currencyCode', itemIndex)).trim().toUpperCase();
	const currencies = await lists.get('GET /currency');
	const known = currencies?.find((c) => sameCode(c.code, currency));
	if (currencies && !known) {
		lists.notListed(
			'GET /currency',
			`"${currency}" is not listed`,
			new NodeOperationError(this.getNode(), `"${currency}" is not a 001k currency code`, {
				itemIndex,
			}),
		);
	}
	const precision = Number(known?.precision);
	const amount = readAmount.call(
		this,
		itemIndex,
		'amount',
		'Amount',
		Number.isInteger(precision) ? precision : undefined,
	);
	const recipient = String(this.getNodeParameter('recipient', itemIndex, '')).trim();
	if (!recipient)
		throw new NodeOperationError(this.getNode(), 'Recipient is required', { itemIndex });
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return await createBody.call(
		this,
		itemIndex,
		{ currency_code: currency, amount, recipient },
		{ address_book_code: extra.address_book_code, note: extra.note },
	);
}

/** Fields whose 001k rejection the currency list would have predicted. */
const LISTED_FIELDS = ['currency_code', 'amount'];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const created = await checkThenCreate(
		this,
		itemIndex,
		LISTED_FIELDS,
		(lists) => checkedRequest.call(this, itemIndex, lists),
		(body) =>
			createOrPreview.call(this, itemIndex, 'internalTransfer', 'POST /internal-transfer', body),
		(body) => String(body.currency_code),
	);
	return [created];
}
