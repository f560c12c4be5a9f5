'use strict';
// The users, their starting balances and API keys every sandbox starts with (README "Keys and users").

const ALL_PERMS = [
	'allow_balance',
	'allow_deposit',
	'allow_withdraw',
	'allow_swap',
	'allow_transfer',
	'allow_aml_check',
	'allow_limit_order',
];

const users = [
	{
		id: 'demo',
		email: 'demo@001k.test',
		active: true,
		balances: {
			BTC: '5',
			ETH: '100',
			USDT: '1000000',
			XLM: '100000',
			XRP: '100000',
			EUR: '100000',
			AMLCHECK: '100',
		},
	},
	{ id: 'user123', email: 'bob@001k.test', active: true, balances: { BTC: '1', USDT: '1000' } },
	{ id: 'inactive-user', email: 'inactive@001k.test', active: false, balances: {} },
];

const keys = [
	{
		access_key: 'demo-access-key',
		secret_key: 'demo-secret-key',
		user: 'demo',
		permissions: ALL_PERMS,
		ip_whitelist: [],
		active: true,
	},
	{
		access_key: 'readonly-access-key',
		secret_key: 'readonly-secret-key',
		user: 'demo',
		permissions: ['allow_balance'],
		ip_whitelist: [],
		active: true,
	},
	{
		access_key: 'inactive-access-key',
		secret_key: 'inactive-secret-key',
		user: 'demo',
		permissions: ALL_PERMS,
		ip_whitelist: [],
		active: false,
	},
	{
		access_key: 'inactive-user-access-key',
		secret_key: 'inactive-user-secret-key',
		user: 'inactive-user',
		permissions: ALL_PERMS,
		ip_whitelist: [],
		active: true,
	},
	{
		access_key: 'ip-restricted-access-key',
		secret_key: 'ip-restricted-secret-key',
		user: 'demo',
		permissions: ALL_PERMS,
		ip_whitelist: ['10.0.0.0/8', '2001:db8::/32'],
		active: true,
	},
	{
		access_key: 'bob-access-key',
		secret_key: 'bob-secret-key',
		user: 'user123',
		permissions: ALL_PERMS,
		ip_whitelist: [],
		active: true,
	},
];

module.exports = { ALL_PERMS, users, keys };
