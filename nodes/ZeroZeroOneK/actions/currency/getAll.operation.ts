import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { referenceList } from '../../helpers/catalog';
import { readLimit } from '../../helpers/parameters';
import { returnAllFields } from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'One Item per Currency',
				name: 'splitIntoItems',
				type: 'boolean',
				default: true,
				description:
					'Whether to output one item per currency, or a single item whose "currencies" field holds the whole list',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['currency'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const limit = readLimit.call(this, itemIndex);
	const { splitIntoItems = true } = this.getNodeParameter('options', itemIndex, {}) as {
		splitIntoItems?: boolean;
	};
	// The endpoint has no paging: the whole list comes at once and Limit is applied here.
	const currencies = (await referenceList.call(this, 'GET /currency')).slice(0, limit);
	return splitIntoItems ? currencies : [{ currencies }];
}
