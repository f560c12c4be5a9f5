import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { referenceList } from '../../helpers/catalog';

export const description = updateDisplayOptions(
	{ show: { resource: ['limitOrder'], operation: ['getPairs'] } },
	[],
);

export async function execute(this: IExecuteFunctions): Promise<IDataObject[]> {
	return await referenceList.call(this, 'GET /limit-pairs');
}
