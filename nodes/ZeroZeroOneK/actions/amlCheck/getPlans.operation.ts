import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { referenceList } from '../../helpers/catalog';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions): Promise<IDataObject[]> {
	return await referenceList.call(this, 'GET /aml/plan');
}
