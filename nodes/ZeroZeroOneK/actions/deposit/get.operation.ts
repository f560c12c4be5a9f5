import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { GetRoute } from '../../../shared/operationTypes';
import { getOne } from '../../helpers/reads';
import { codeField } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['deposit'], operation: ['get'] } },
	[codeField('Deposit', 'e.g. DEP123456')],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return [await getOne.call(this, itemIndex, 'GET /deposit/{code}' satisfies GetRoute<'deposit'>)];
}
