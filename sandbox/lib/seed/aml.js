'use strict';
// AML check plans and the tokens a check can be run for (§3.8).

const amlPlans = [
	{
		code: 'amlcheck',
		name: 'AML Check',
		description: 'Standard AML check using AMLCHECK token',
		check_type: 'check',
		currency: 'AMLCHECK',
		price: '1.00',
	},
	{
		code: 'usdt',
		name: 'AML Check (USDT)',
		description: 'Standard AML check using USDT',
		check_type: 'check',
		currency: 'USDT',
		price: '1.00',
	},
];

const amlTokens = [
	{ id: 1, symbol: 'BTC', name: 'Bitcoin', network: 'bitcoin', precision: 8, currency: 'BTC' },
	{ id: 2, symbol: 'ETH', name: 'Ethereum', network: 'ethereum', precision: 18, currency: 'ETH' },
	{
		id: 3,
		symbol: 'USDT',
		name: 'Tether USD ERC20',
		network: 'ethereum',
		precision: 6,
		currency: 'USDT',
	},
	{
		id: 4,
		symbol: 'USDT',
		name: 'Tether USD TRC20',
		network: 'tron',
		precision: 6,
		currency: 'USDT',
	},
];

module.exports = { amlPlans, amlTokens };
