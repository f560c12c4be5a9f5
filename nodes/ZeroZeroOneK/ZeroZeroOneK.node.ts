import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import * as amlCheck from './actions/amlCheck/AmlCheck.resource';
import * as currency from './actions/currency/Currency.resource';
import * as deposit from './actions/deposit/Deposit.resource';
import * as internalTransfer from './actions/internalTransfer/InternalTransfer.resource';
import * as limitOrder from './actions/limitOrder/LimitOrder.resource';
import { router } from './actions/router';
import * as swap from './actions/swap/Swap.resource';
import * as withdrawal from './actions/withdrawal/Withdrawal.resource';
import { loadOptions } from './methods';

// The description lives here, not in actions/versionDescription.ts as in n8n's v2 nodes: the
// community lint rules require the node description in the *.node.ts file.
export class ZeroZeroOneK implements INodeType {
	description: INodeTypeDescription = {
		displayName: '001k',
		name: 'zeroZeroOneK',
		icon: { light: 'file:../../icons/001k.svg', dark: 'file:../../icons/001k.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Automate a crypto treasury on 001k: balances, deposits, withdrawals, swaps, internal transfers, limit orders and AML checks',
		defaults: { name: '001k' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zeroZeroOneKApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account', description: 'Balances and server time' },
					{
						name: 'AML Check',
						value: 'amlCheck',
						description: 'Paid risk checks of blockchain addresses and transactions',
					},
					{
						name: 'Currency',
						value: 'currency',
						description: 'Supported currencies, their precision and methods',
					},
					{
						name: 'Deposit',
						value: 'deposit',
						description: 'Receive funds into 001k: addresses, methods and incoming deposits',
					},
					{
						name: 'Internal Transfer',
						value: 'internalTransfer',
						description: 'Send funds to another 001k user',
					},
					{
						name: 'Limit Order',
						value: 'limitOrder',
						description: 'Buy or sell at a price you set',
					},
					{
						name: 'Swap',
						value: 'swap',
						description: 'Exchange one currency for another at the current rate',
					},
					{ name: 'Withdrawal', value: 'withdrawal', description: 'Send funds out of 001k' },
				],
				default: 'account',
			},
			...account.description,
			...amlCheck.description,
			...currency.description,
			...deposit.description,
			...internalTransfer.description,
			...limitOrder.description,
			...swap.description,
			...withdrawal.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Read here, where n8n's lint rule (require-continue-on-fail) looks for it; the router applies it per item.
		return await router.call(this, this.continueOnFail());
	}
}
