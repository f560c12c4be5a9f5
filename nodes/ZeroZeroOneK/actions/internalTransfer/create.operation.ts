import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { findByKey } from '../../helpers/catalog';
import { createOrPreview } from '../../helpers/dryRun';
import { compact, readAmount, resolveCustomId } from '../../helpers/utils';
import { callbackUrlField, customIdFields, dryRunField, listField, waitFields } from '../common.descriptions';

const properties: INodeProperties[] = [
	listField('Currency', 'currencyCode', 'getCurrencies', 'Currency code to transfer.', { required: true }),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 0.01000000',
		description: "Amount to transfer, as a decimal string with at most the currency's precision (checked before sending)",
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

export const description = updateDisplayOptions({ show: { resource: ['internalTransfer'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const currency = String(this.getNodeParameter('currencyCode', itemIndex)).trim().toUpperCase();
	const known = await findByKey.call(this, 'GET /currency', 'code', currency);
	if (!known) {
		throw new NodeOperationError(this.getNode(), `"${currency}" is not a 001k currency code`, { itemIndex });
	}
	const amount = readAmount.call(this, itemIndex, 'amount', 'Amount', Number(known.precision));
	const recipient = String(this.getNodeParameter('recipient', itemIndex, '')).trim();
	if (!recipient) throw new NodeOperationError(this.getNode(), 'Recipient is required', { itemIndex });
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = compact({
		currency_code: currency,
		amount,
		recipient,
		callback_url: extra.callbackUrl,
		custom_id: resolveCustomId.call(this, itemIndex),
		address_book_code: extra.address_book_code,
		note: extra.note,
	});
	return [await createOrPreview.call(this, itemIndex, 'internalTransfer', 'POST /internal-transfer', body)];
}
