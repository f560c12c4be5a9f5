import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Skip Zero Balances',
				name: 'skipZero',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave out currencies whose available and frozen balances are both zero',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getBalances'] } },
	properties,
);

const isZero = (amount: unknown) => typeof amount === 'string' && /^0*(\.0*)?$/.test(amount);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { skipZero } = this.getNodeParameter('options', itemIndex, {}) as { skipZero?: boolean };
	const balances = (await apiRequest.call(this, { route: 'GET /balance' })) as IDataObject[];
	return skipZero ? balances.filter((b) => !(isZero(b.available) && isZero(b.frozen))) : balances;
}
