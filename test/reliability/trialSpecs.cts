/** The five money-moving creates and how to make each trial's request unique. */
import type { IDataObject } from 'n8n-workflow';

import type { TrialSpec } from './faultTrials.cjs';

const pad = (i: number, width: number) => String(i).padStart(width, '0');

export const SPECS: TrialSpec[] = [
	{
		name: 'withdrawal',
		resource: 'withdrawal',
		path: '/api/v1/withdraw',
		stateKey: 'withdrawal',
		parameters: {
			currency: 'BTC',
			method: 'BTC',
			amount: '={{ $json.unique }}',
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
		},
		item: (i) => ({ unique: `0.010${pad(i, 5)}` }),
		uniqueOf: (op: IDataObject) => String(op.amount),
	},
	{
		name: 'internalTransfer',
		resource: 'internalTransfer',
		path: '/api/v1/internal-transfer',
		stateKey: 'internal_transfer',
		parameters: { currencyCode: 'BTC', amount: '={{ $json.unique }}', recipient: 'user123' },
		item: (i) => ({ unique: `0.001${pad(i, 5)}` }),
		uniqueOf: (op: IDataObject) => String(op.amount),
	},
	{
		name: 'swap',
		resource: 'swap',
		path: '/api/v1/swap/open',
		stateKey: 'swap',
		parameters: { direction: 'BTC-USDT', amountType: 'spend', amount: '={{ $json.unique }}' },
		item: (i) => ({ unique: `0.002${pad(i, 5)}` }),
		uniqueOf: (op: IDataObject) => String(op.spend_amount),
	},
	{
		name: 'limitOrder',
		resource: 'limitOrder',
		path: '/api/v1/limit-order',
		stateKey: 'limit_order',
		parameters: {
			pair: 'BTCUSDT',
			side: 'buy',
			orderDefinedBy: 'priceAndReceive',
			limitPrice: '30000.00',
			receiveAmount: '={{ $json.unique }}',
		},
		// 001k formats the amount at the base currency's precision: compare without trailing zeros.
		item: (i) => ({ unique: `0.01${pad(i + 1, 4)}`.replace(/0+$/, '') }),
		uniqueOf: (op: IDataObject) => String(op.receive_amount).replace(/0+$/, ''),
	},
	{
		name: 'amlCheck',
		resource: 'amlCheck',
		path: '/api/v1/aml/check',
		stateKey: 'aml_check',
		parameters: { direction: 'withdrawal', token: 1, address: '={{ $json.unique }}' },
		item: (i) => ({ unique: `bc1qtrialaddress${pad(i, 4)}` }),
		uniqueOf: (op: IDataObject) => String(op.address),
	},
];
