'use strict';
// Seed catalogue taken from the doc's examples (§3.2–3.8). Values the doc does
// not give (ETH/XLM/XRP/EUR withdrawal limits, extra swap directions…) are
// invented but plausible; see README "Choices".

const UPDATED = '2023-01-15T10:00:00Z';

const currencies = [
  { code: 'BTC', name: 'Bitcoin', precision: 8, is_fiat: false, is_stable: false },
  { code: 'ETH', name: 'Ethereum', precision: 18, is_fiat: false, is_stable: false },
  { code: 'USDT', name: 'Tether USD', precision: 6, is_fiat: false, is_stable: true },
  { code: 'XLM', name: 'Stellar Lumens', precision: 7, is_fiat: false, is_stable: false },
  { code: 'XRP', name: 'XRP', precision: 6, is_fiat: false, is_stable: false },
  { code: 'EUR', name: 'Euro', precision: 2, is_fiat: true, is_stable: false },
  // Plan currency for AML checks; it has no deposit/withdrawal methods.
  { code: 'AMLCHECK', name: 'AML Check Credits', precision: 2, is_fiat: false, is_stable: false },
];

const ERC20 = { protocol: 'ERC20', address: '0xdAC17F958D2ee523a2206206994597C13D831ec7' };
const TRC20 = { protocol: 'TRC20', address: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t' };

// Canonical method code = the /currency form ("BTC", "USDTERC20"); the
// /deposit-methods + code-example form ("btc_native", "eth_erc20") is an alias.
const methods = [
  {
    code: 'BTC', aliases: ['btc_native'], currency: 'BTC', coin: 'BTC', coinName: 'Bitcoin', network: 'bitcoin',
    net: { code: 'BITCOIN', name: 'Bitcoin Network', is_mainnet: true }, contract: null, method_type: 'crypto', name: 'Bitcoin', addr: 'btc',
    deposit: { min: '0.0001', max: '100', fee_percent: '0.00', fee_absolute: '0', confirmations: 2, precision: 8 },
    withdraw: { min: '0.0005', max: '10', fee_percent: '0.00', fee_absolute: '0.0002', precision: 8, tag: false, beneficiary: false },
  },
  {
    code: 'ETH', aliases: ['eth_erc20', 'eth_native'], currency: 'ETH', coin: 'ETH', coinName: 'Ethereum', network: 'ethereum',
    net: { code: 'ETHEREUM', name: 'Ethereum Network', is_mainnet: true }, contract: null, method_type: 'crypto', name: 'Ethereum', addr: 'eth',
    deposit: { min: '0.001', max: '100', fee_percent: '0.00', fee_absolute: '0', confirmations: 12, precision: 8 },
    withdraw: { min: '0.005', max: '100', fee_percent: '0.00', fee_absolute: '0.001', precision: 8, tag: false, beneficiary: false },
  },
  {
    code: 'USDTERC20', aliases: ['usdt_erc20'], currency: 'USDT', coin: 'USDTERC20', coinName: 'Tether USD (ERC20)', network: 'ethereum',
    net: { code: 'ETHEREUM', name: 'Ethereum Network', is_mainnet: true }, contract: ERC20, method_type: 'crypto', name: 'Tether USD (ERC20)', addr: 'eth',
    deposit: { min: '10', max: '1000000', fee_percent: '0.00', fee_absolute: '0', confirmations: 12, precision: 6 },
    withdraw: { min: '20', max: '500000', fee_percent: '0.00', fee_absolute: '15', precision: 6, tag: false, beneficiary: false },
  },
  {
    code: 'USDTTRC20', aliases: ['usdt_trc20'], currency: 'USDT', coin: 'USDTTRC20', coinName: 'Tether USD (TRC20)', network: 'tron',
    net: { code: 'TRON', name: 'Tron Network', is_mainnet: true }, contract: TRC20, method_type: 'crypto', name: 'Tether USD (TRC20)', addr: 'tron',
    deposit: { min: '10', max: '1000000', fee_percent: '0.00', fee_absolute: '0', confirmations: 20, precision: 6 },
    withdraw: { min: '20', max: '500000', fee_percent: '0.00', fee_absolute: '1', precision: 6, tag: false, beneficiary: false },
  },
  {
    code: 'XLM', aliases: ['xlm_native'], currency: 'XLM', coin: 'XLM', coinName: 'Stellar Lumens', network: 'stellar',
    net: { code: 'STELLAR', name: 'Stellar Network', is_mainnet: true }, contract: null, method_type: 'crypto', name: 'Stellar Lumens', addr: 'xlm',
    deposit: { min: '10', max: '10000', fee_percent: '0.00', fee_absolute: '0', confirmations: 1, precision: 7 },
    withdraw: { min: '20', max: '100000', fee_percent: '0.00', fee_absolute: '0.01', precision: 7, tag: true, beneficiary: false },
  },
  {
    code: 'XRP', aliases: ['xrp_native'], currency: 'XRP', coin: 'XRP', coinName: 'XRP', network: 'ripple',
    net: { code: 'RIPPLE', name: 'XRP Ledger', is_mainnet: true }, contract: null, method_type: 'crypto', name: 'XRP', addr: 'xrp',
    deposit: { min: '10', max: '100000', fee_percent: '0.00', fee_absolute: '0', confirmations: 1, precision: 6 },
    withdraw: { min: '20', max: '100000', fee_percent: '0.00', fee_absolute: '0.1', precision: 6, tag: true, beneficiary: false },
  },
  {
    code: 'SEPA', aliases: ['sepa', 'eur_sepa'], currency: 'EUR', coin: 'EUR', coinName: 'Euro', network: 'sepa',
    net: { code: 'SEPA', name: 'SEPA Transfer', is_mainnet: true }, contract: null, method_type: 'bank', name: 'SEPA bank transfer', addr: 'iban',
    deposit: { min: '10', max: '100000', fee_percent: '0.00', fee_absolute: '0', confirmations: 1, precision: 2 },
    withdraw: { min: '10', max: '50000', fee_percent: '0.10', fee_absolute: '1', precision: 2, tag: false, beneficiary: true },
  },
];

// rate = receive per 1 spend; spend_rate_value is always 1 (see README: the
// doc's first example has the two *_rate_value fields swapped).
const swapDirections = [
  { code: 'BTC-USDT', spend: 'BTC', receive: 'USDT', rate: '29485.25', fee_percent: '0.25', min_spend: '0.001', max_spend: '10' },
  { code: 'USDT-BTC', spend: 'USDT', receive: 'BTC', rate: '0.0000339', fee_percent: '0.25', min_spend: '30', max_spend: '300000' },
  { code: 'ETH-USDT', spend: 'ETH', receive: 'USDT', rate: '1843.75', fee_percent: '0.25', min_spend: '0.01', max_spend: '100' },
  { code: 'USDT-ETH', spend: 'USDT', receive: 'ETH', rate: '0.00054', fee_percent: '0.25', min_spend: '20', max_spend: '200000' },
  { code: 'EUR-USDT', spend: 'EUR', receive: 'USDT', rate: '1.08', fee_percent: '0.50', min_spend: '10', max_spend: '50000' },
  { code: 'USDT-EUR', spend: 'USDT', receive: 'EUR', rate: '0.92', fee_percent: '0.50', min_spend: '10', max_spend: '50000' },
];

// total_precision is the quote (USDT) precision, 6 — the doc shows 8, which
// USDT balances (precision 6) cannot hold.
const limitPairs = [
  { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', price_precision: 2, amount_precision: 6, total_precision: 6,
    min_base: '0.0001', max_base: '10', min_quote: '10', max_quote: '1000000', fee_percent: '0.25', latest_price: '29485.25' },
  { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', price_precision: 2, amount_precision: 5, total_precision: 6,
    min_base: '0.0001', max_base: '10', min_quote: '10', max_quote: '1000000', fee_percent: '0.25', latest_price: '1843.75' },
];

const amlPlans = [
  { code: 'amlcheck', name: 'AML Check', description: 'Standard AML check using AMLCHECK token', check_type: 'check', currency: 'AMLCHECK', price: '1.00' },
  { code: 'usdt', name: 'AML Check (USDT)', description: 'Standard AML check using USDT', check_type: 'check', currency: 'USDT', price: '1.00' },
];

const amlTokens = [
  { id: 1, symbol: 'BTC', name: 'Bitcoin', network: 'bitcoin', precision: 8, currency: 'BTC' },
  { id: 2, symbol: 'ETH', name: 'Ethereum', network: 'ethereum', precision: 18, currency: 'ETH' },
  { id: 3, symbol: 'USDT', name: 'Tether USD ERC20', network: 'ethereum', precision: 6, currency: 'USDT' },
  { id: 4, symbol: 'USDT', name: 'Tether USD TRC20', network: 'tron', precision: 6, currency: 'USDT' },
];

const ALL_PERMS = ['allow_balance', 'allow_deposit', 'allow_withdraw', 'allow_swap', 'allow_transfer', 'allow_aml_check', 'allow_limit_order'];

const users = [
  { id: 'demo', email: 'demo@001k.test', active: true,
    balances: { BTC: '5', ETH: '100', USDT: '1000000', XLM: '100000', XRP: '100000', EUR: '100000', AMLCHECK: '100' } },
  { id: 'user123', email: 'bob@001k.test', active: true, balances: { BTC: '1', USDT: '1000' } },
  { id: 'inactive-user', email: 'inactive@001k.test', active: false, balances: {} },
];

const keys = [
  { access_key: 'demo-access-key', secret_key: 'demo-secret-key', user: 'demo', permissions: ALL_PERMS, ip_whitelist: [], active: true },
  { access_key: 'readonly-access-key', secret_key: 'readonly-secret-key', user: 'demo', permissions: ['allow_balance'], ip_whitelist: [], active: true },
  { access_key: 'inactive-access-key', secret_key: 'inactive-secret-key', user: 'demo', permissions: ALL_PERMS, ip_whitelist: [], active: false },
  { access_key: 'inactive-user-access-key', secret_key: 'inactive-user-secret-key', user: 'inactive-user', permissions: ALL_PERMS, ip_whitelist: [], active: true },
  { access_key: 'ip-restricted-access-key', secret_key: 'ip-restricted-secret-key', user: 'demo', permissions: ALL_PERMS, ip_whitelist: ['10.0.0.0/8', '2001:db8::/32'], active: true },
  { access_key: 'bob-access-key', secret_key: 'bob-secret-key', user: 'user123', permissions: ALL_PERMS, ip_whitelist: [], active: true },
];

module.exports = { UPDATED, currencies, methods, swapDirections, limitPairs, amlPlans, amlTokens, ALL_PERMS, users, keys };
