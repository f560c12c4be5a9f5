import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { cancelOne } from '../../helpers/completion';
import { cancelByFields, waitFields } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['limitOrder'], operation: ['cancel'] } },
	[...cancelByFields('Limit Order', 'e.g. LMT123456'), ...waitFields],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return [await cancelOne.call(this, itemIndex, 'limitOrder', 'POST /limit-order/cancel')];
}
