import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkThenCreate, pairPrice, type ReferenceLists, sameCode } from '../../helpers/catalog';
import { createOrPreview } from '../../helpers/dryRun';
import { createBody } from '../../helpers/createBody';
import { failFor, readAmount } from '../../helpers/parameters';
import { sentUnlisted } from '../../helpers/exactlyOnce';
import {
	callbackUrlField,
	customIdFields,
	dryRunField,
	listField,
	waitFields,
} from '../common.descriptions';

type Given = 'limit_price' | 'spend_amount' | 'receive_amount';

/** The doc's "two of three" rule: each choice names the two parameters that are sent. */
const COMBINATIONS: Record<string, [Given, Given]> = {
	priceAndSpend: ['limit_price', 'spend_amount'],
	priceAndReceive: ['limit_price', 'receive_amount'],
	spendAndReceive: ['spend_amount', 'receive_amount'],
};

const FIELDS: Record<Given, { parameter: string; label: string }> = {
	limit_price: { parameter: 'limitPrice', label: 'Limit Price' },
	spend_amount: { parameter: 'spendAmount', label: 'Spend Amount' },
	receive_amount: { parameter: 'receiveAmount', label: 'Receive Amount' },
};

const showFor = (...combinations: string[]) => ({ show: { orderDefinedBy: combinations } });

const properties: INodeProperties[] = [
	listField('Pair', 'pair', 'getLimitPairs', 'Trading pair, e.g. BTCUSDT (base BTC, quote USDT).', {
		required: true,
	}),
	{
		displayName: 'Side',
		name: 'side',
		type: 'options',
		options: [
			{
				name: 'Buy',
				value: 'buy',
				description:
					'Spend the quote currency (USDT in BTCUSDT) to receive the base currency (BTC)',
			},
			{
				name: 'Sell',
				value: 'sell',
				description:
					'Spend the base currency (BTC in BTCUSDT) to receive the quote currency (USDT)',
			},
		],
		default: 'buy',
	},
	{
		displayName: 'Order Defined By',
		name: 'orderDefinedBy',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Limit Price + Receive Amount',
				value: 'priceAndReceive',
				description: '001k computes what you spend',
			},
			{
				name: 'Limit Price + Spend Amount',
				value: 'priceAndSpend',
				description: '001k computes what you receive',
			},
			{
				name: 'Spend Amount + Receive Amount',
				value: 'spendAndReceive',
				description: '001k derives the limit price from the two amounts and the fee',
			},
		],
		default: 'priceAndReceive',
		description:
			'001k needs exactly two of limit price, spend amount and receive amount: choose which two you give',
	},
	{
		displayName: 'Limit Price',
		name: 'limitPrice',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 29000.00',
		description:
			"Price of one unit of the base currency in the quote currency, with at most the pair's price precision",
		displayOptions: showFor('priceAndSpend', 'priceAndReceive'),
	},
	{
		displayName: 'Spend Amount',
		name: 'spendAmount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 290.00',
		description:
			'What the order reserves and spends. Buy: in the quote currency (e.g. USDT), fee included, total precision. Sell: in the base currency (e.g. BTC), amount precision.',
		displayOptions: showFor('priceAndSpend', 'spendAndReceive'),
	},
	{
		displayName: 'Receive Amount',
		name: 'receiveAmount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 0.010000',
		description:
			'What you get after fees. Buy: in the base currency (e.g. BTC), amount precision. Sell: in the quote currency (e.g. USDT), total precision.',
		displayOptions: showFor('priceAndReceive', 'spendAndReceive'),
	},
	...customIdFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [callbackUrlField('limit-order')],
	},
	dryRunField,
	...waitFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['limitOrder'], operation: ['create'] } },
	properties,
);

/** The pair field holding a parameter's precision: spend and receive swap currencies with the side. */
function precisionField(given: Given, side: 'buy' | 'sell'): string {
	if (given === 'limit_price') return 'price_precision';
	const isBase = (given === 'receive_amount') === (side === 'buy');
	return isBase ? 'amount_precision' : 'total_precision';
}

/** Checks the two given values against the pair's precision before anything is sent. */
async function checkedRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	lists: ReferenceLists,
): Promise<{ body: IDataObject; pair?: IDataObject }> {
	const fail = failFor.call(this, itemIndex);
	const side = String(this.getNodeParameter('side', itemIndex, 'buy'))
		.trim()
		.toLowerCase();
	if (side !== 'buy' && side !== 'sell') throw fail(`Side must be "buy" or "sell", not "${side}"`);
	const definedBy = String(this.getNodeParameter('orderDefinedBy', itemIndex, 'priceAndReceive'));
	const given = COMBINATIONS[definedBy];
	if (!given) throw fail(`"${definedBy}" is not a known choice for Order Defined By`);
	// The format is checked first, so a malformed value costs no request.
	const values: IDataObject = {};
	for (const key of given)
		values[key] = readAmount.call(this, itemIndex, FIELDS[key].parameter, FIELDS[key].label);
	const symbol = String(this.getNodeParameter('pair', itemIndex, '')).trim();
	if (!symbol) throw fail('Pair is empty');
	const pairs = await lists.get('GET /limit-pairs');
	const pair = pairs?.find((p) => sameCode(p.symbol, symbol));
	if (pairs && !pair) {
		lists.notListed(
			'GET /limit-pairs',
			`"${symbol}" is not listed`,
			fail(
				`"${symbol}" is not a trading pair available to this account (see "Limit Order → Get Pairs")`,
			),
		);
	}
	if (pair?.is_enabled === false)
		throw fail(`Trading on ${String(pair.symbol)} is currently disabled`);
	for (const key of pair ? given : []) {
		const field = precisionField(key, side);
		const precision = Number.isInteger(pair![field]) ? (pair![field] as number) : undefined;
		const currency = field === 'amount_precision' ? pair!.base_currency : pair!.quote_currency;
		values[key] = readAmount.call(
			this,
			itemIndex,
			FIELDS[key].parameter,
			`${FIELDS[key].label} (${String(currency)})`,
			precision,
		);
	}
	const body = await createBody.call(this, itemIndex, {
		pair: String(pair?.symbol ?? symbol),
		side,
		...values,
	});
	if (!pair) sentUnlisted(body, 'pair');
	return { body, pair };
}

/** Fields whose 001k rejection the pairs list would have predicted. */
const LISTED_FIELDS = ['pair', 'limit_price', 'spend_amount', 'receive_amount'];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const created = await checkThenCreate(
		this,
		itemIndex,
		LISTED_FIELDS,
		(lists) => checkedRequest.call(this, itemIndex, lists),
		({ body, pair }) => {
			const quote =
				pair &&
				(() => ({
					baseCurrency: pair.base_currency,
					quoteCurrency: pair.quote_currency,
					feePercent: pair.fee_percent,
					feeDeduction: pair.fee_deduction ?? null,
					latestPrice: pairPrice(pair),
				}));
			return createOrPreview.call(this, itemIndex, 'limitOrder', 'POST /limit-order', body, quote);
		},
		// A buy spends the quote currency, a sell the base currency.
		({ body, pair }) =>
			pair ? String(body.side === 'sell' ? pair.base_currency : pair.quote_currency) : undefined,
	);
	return [created];
}
