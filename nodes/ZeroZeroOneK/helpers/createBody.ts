import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withCustomId } from './intent';

/** Puts optional fields into a request body under their API names, leaving out empty ones. */
export function compact(fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === null || value === '') continue;
		body[key] = typeof value === 'string' ? value.trim() : value;
	}
	return body;
}

/**
 * A create's request body: the operation's own fields, then what every create shares: callback_url
 * (Additional Fields → Callback URL) and the custom_id per the Custom ID setting; empty ones left out.
 * `trailing` holds the fields the doc lists after callback_url, so the body keeps the doc's order.
 */
export async function createBody(
	this: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
	trailing: IDataObject = {},
): Promise<IDataObject> {
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return await withCustomId.call(
		this,
		itemIndex,
		compact({ ...fields, callback_url: extra.callbackUrl, ...trailing }),
	);
}
