'use strict';
// Swap directions and limit-order pairs (§3.5, §3.7); directions beyond the doc's examples are invented.

// rate = receive per 1 spend; spend_rate_value is always 1 (README: the doc's first example swaps the two *_rate_value fields).
const swapDirections = [
	{
		code: 'BTC-USDT',
		spend: 'BTC',
		receive: 'USDT',
		rate: '29485.25',
		fee_percent: '0.25',
		min_spend: '0.001',
		max_spend: '10',
	},
	{
		code: 'USDT-BTC',
		spend: 'USDT',
		receive: 'BTC',
		rate: '0.0000339',
		fee_percent: '0.25',
		min_spend: '30',
		max_spend: '300000',
	},
	{
		code: 'ETH-USDT',
		spend: 'ETH',
		receive: 'USDT',
		rate: '1843.75',
		fee_percent: '0.25',
		min_spend: '0.01',
		max_spend: '100',
	},
	{
		code: 'USDT-ETH',
		spend: 'USDT',
		receive: 'ETH',
		rate: '0.00054',
		fee_percent: '0.25',
		min_spend: '20',
		max_spend: '200000',
	},
	{
		code: 'EUR-USDT',
		spend: 'EUR',
		receive: 'USDT',
		rate: '1.08',
		fee_percent: '0.50',
		min_spend: '10',
		max_spend: '50000',
	},
	{
		code: 'USDT-EUR',
		spend: 'USDT',
		receive: 'EUR',
		rate: '0.92',
		fee_percent: '0.50',
		min_spend: '10',
		max_spend: '50000',
	},
];

// total_precision is the quote (USDT) precision, 6: the doc's 8 would not fit a USDT balance.
const limitPairs = [
	{
		symbol: 'BTCUSDT',
		base: 'BTC',
		quote: 'USDT',
		price_precision: 2,
		amount_precision: 6,
		total_precision: 6,
		min_base: '0.0001',
		max_base: '10',
		min_quote: '10',
		max_quote: '1000000',
		fee_percent: '0.25',
		latest_price: '29485.25',
	},
	{
		symbol: 'ETHUSDT',
		base: 'ETH',
		quote: 'USDT',
		price_precision: 2,
		amount_precision: 5,
		total_precision: 6,
		min_base: '0.0001',
		max_base: '10',
		min_quote: '10',
		max_quote: '1000000',
		fee_percent: '0.25',
		latest_price: '1843.75',
	},
];

module.exports = { swapDirections, limitPairs };
