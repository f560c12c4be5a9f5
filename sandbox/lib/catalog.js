'use strict';
// Read-only catalogue (currencies, methods, directions, pairs, AML plans/tokens)
// with lookups and the doc-shaped views of the public reference endpoints.
const money = require('./money');
const seed = require('./seed');
const { err } = require('./errors');

const P = (s) => money.parse(s);
const currencies = new Map(seed.currencies.map((c) => [c.code, c]));
const methods = seed.methods;
const methodIndex = new Map();
for (const m of methods)
	for (const c of [m.code, ...m.aliases]) methodIndex.set(c.toLowerCase(), m);
const directions = new Map(seed.swapDirections.map((d) => [d.code, d]));
const pairs = new Map(seed.limitPairs.map((p) => [p.symbol, p]));
const plans = new Map(seed.amlPlans.map((p) => [p.code, p]));
const tokens = new Map(seed.amlTokens.map((t) => [t.id, t]));

/** Code as sent, upper-cased unless the codeCase reading is "upper" (then only exact upper case matches). */
const codeKey = (v, readings) => (readings && readings.codeCase === 'upper' ? v : v.toUpperCase());

function currency(body, field, readings) {
	const v = body[field];
	if (typeof v !== 'string') throw err('validation.invalid', `${field} must be a string`, field);
	const c = currencies.get(codeKey(v, readings));
	if (!c) throw err('validation.invalid', `Unknown currency ${v}`, field);
	return c;
}

/** The code a listing gives: /deposit-methods uses the doc's `btc_native` form, /currency and /withdrawal-methods `BTC`. */
const listedCode = (m, kind) => (kind === 'deposit' ? m.aliases[0] : m.code);

/**
 * Method by canonical code or alias (case-insensitive); default = first method of the currency.
 * Under methodCodes=listed only the code of the kind's own listing is accepted, exactly.
 */
function method(body, cur, kind, readings) {
	const v = body.method;
	if (v === undefined || v === null || v === '') {
		const m = methods.find((x) => x.currency === cur.code && x[kind]);
		if (!m) throw err('validation.invalid', `No ${kind} method for ${cur.code}`, 'currency');
		return m;
	}
	if (typeof v !== 'string') throw err('validation.invalid', 'method must be a string', 'method');
	let m = methodIndex.get(v.toLowerCase());
	if (m && readings && readings.methodCodes === 'listed' && listedCode(m, kind) !== v) m = null;
	if (!m || m.currency !== cur.code || !m[kind])
		throw err('validation.invalid', `Unknown ${kind} method ${v} for ${cur.code}`, 'method');
	return m;
}

/** A method as this sandbox offers it for withdrawal (admin overrides applied), or null when it is not offered. */
function withdrawOf(sb, m) {
	if (!m.withdraw) return null;
	const o = sb && sb.catalog.withdraw.get(m.code);
	if (!o) return m;
	if (o.enabled === false) return null;
	return { ...m, withdraw: { ...m.withdraw, ...o.withdraw } };
}

/** The withdrawal method a request names (or the currency's default), as this sandbox offers it. */
function withdrawMethod(sb, body, cur) {
	const v = body.method;
	if (v === undefined || v === null || v === '') {
		const m = methods
			.map((x) => (x.currency === cur.code ? withdrawOf(sb, x) : null))
			.find(Boolean);
		if (!m) throw err('validation.invalid', `No withdraw method for ${cur.code}`, 'currency');
		return m;
	}
	const m = withdrawOf(sb, method(body, cur, 'withdraw', sb && sb.readings));
	if (!m) throw err('validation.invalid', `Unknown withdraw method ${v} for ${cur.code}`, 'method');
	return m;
}

const fmt = money.format;
const prec = (code) => currencies.get(code).precision;

/** Network code as the networkCase reading says: "doc" keeps each example's case (BITCOIN here, bitcoin elsewhere). */
function networkCode(code, readings, docCase) {
	const mode = readings ? readings.networkCase : 'doc';
	if (mode === 'upper') return code.toUpperCase();
	if (mode === 'lower') return code.toLowerCase();
	return docCase === 'upper' ? code.toUpperCase() : code.toLowerCase();
}

function depositMethodView(m, addr, readings) {
	const c = currencies.get(m.currency);
	const d = m.deposit;
	const network = { ...m.net, code: networkCode(m.net.code, readings, 'upper') };
	return {
		code: listedCode(m, 'deposit'),
		name: m.name,
		method_type: m.method_type,
		currency: { code: c.code, name: c.name, precision: c.precision, is_fiat: c.is_fiat },
		coin: { symbol: m.coin, name: m.coinName, network: { ...network } },
		network,
		min_amount: fmt(P(d.min), d.precision),
		max_amount: fmt(P(d.max), d.precision),
		fee_percent: fmt(P(d.fee_percent), 2),
		fee_absolute: fmt(P(d.fee_absolute), d.precision),
		required_confirmations: d.confirmations,
		is_visible: true,
		is_enabled: true,
		order_number: methods.indexOf(m) + 1,
		updated_at: seed.UPDATED,
		spend_rate: '1.00000000',
		receive_rate: '1.00000000',
		personal_fee: {
			percent: fmt(P(d.fee_percent), 2),
			absolute: fmt(P(d.fee_absolute), d.precision),
		},
		deposit_address: addr ? { address: addr.address, tag: addr.tag } : null,
	};
}

function currencyDepositView(m, readings) {
	const d = m.deposit;
	return {
		code: m.code,
		coin: m.coin,
		network: networkCode(m.network, readings),
		contract: m.contract ? { ...m.contract } : null,
		is_active: true,
		min_amount: fmt(P(d.min), d.precision),
		max_amount: fmt(P(d.max), d.precision),
		fee_percent: fmt(P(d.fee_percent), 2),
		fee_absolute: fmt(P(d.fee_absolute), d.precision),
		required_confirmations: d.confirmations,
		precision: d.precision,
	};
}

function withdrawMethodView(m, readings) {
	const w = m.withdraw;
	return {
		code: m.code,
		coin: m.coin,
		network: networkCode(m.network, readings),
		contract: m.contract ? { ...m.contract } : null,
		is_active: true,
		min_amount: fmt(P(w.min), w.precision),
		max_amount: fmt(P(w.max), w.precision),
		fee_percent: fmt(P(w.fee_percent), 2),
		fee_absolute: fmt(P(w.fee_absolute), w.precision),
		precision: w.precision,
		is_tag_required: w.tag,
		is_beneficiary_required: w.beneficiary,
	};
}

function currencyView(c, sb) {
	const ms = methods.filter((m) => m.currency === c.code);
	const readings = sb && sb.readings;
	return {
		code: c.code,
		name: c.name,
		precision: c.precision,
		is_fiat: c.is_fiat,
		is_stable: c.is_stable,
		updated_at: seed.UPDATED,
		deposit: ms.filter((m) => m.deposit).map((m) => currencyDepositView(m, readings)),
		withdraw: ms
			.map((m) => withdrawOf(sb, m))
			.filter(Boolean)
			.map((m) => withdrawMethodView(m, readings)),
	};
}

function directionLimits(d) {
	const sp = prec(d.spend),
		rp = prec(d.receive);
	const rate = P(d.rate);
	return {
		sp,
		rp,
		rate,
		fee: P(d.fee_percent),
		minSpend: P(d.min_spend),
		maxSpend: P(d.max_spend),
		minReceive: money.mul(P(d.min_spend), rate, rp, 'down'),
		maxReceive: money.mul(P(d.max_spend), rate, rp, 'down'),
	};
}

// The doc's /swap-directions example gives `rate` on USDT-BTC only; its three example clients read it on every direction.
const RATE_IN_EXAMPLE = ['USDT-BTC'];

function directionView(d, readings) {
	const l = directionLimits(d);
	const mode = readings ? readings.swapDirectionRate : 'all';
	const withRate = mode === 'all' || (mode === 'example' && RATE_IN_EXAMPLE.includes(d.code));
	return {
		code: d.code,
		spend_currency: d.spend,
		receive_currency: d.receive,
		is_enabled: true,
		spend_precision: l.sp,
		receive_precision: l.rp,
		...(withRate ? { rate: fmt(l.rate, 8) } : {}),
		fee_percent: fmt(l.fee, 2),
		min_spend_amount: fmt(l.minSpend, l.sp),
		max_spend_amount: fmt(l.maxSpend, l.sp),
		min_receive_amount: fmt(l.minReceive, l.rp),
		max_receive_amount: fmt(l.maxReceive, l.rp),
		spend_rate_value: fmt(money.ONE, 8),
		receive_rate_value: fmt(l.rate, 8),
	};
}

/** Doc §3.7: the field table and example say latest_price; all three example clients read current_price. */
function pairView(p, readings) {
	const mode = readings ? readings.limitPairPriceField : 'latest';
	const price = fmt(P(p.latest_price), p.price_precision);
	return {
		symbol: p.symbol,
		base_currency: p.base,
		quote_currency: p.quote,
		price_precision: p.price_precision,
		amount_precision: p.amount_precision,
		total_precision: p.total_precision,
		min_base_amount: fmt(P(p.min_base), p.amount_precision),
		max_base_amount: fmt(P(p.max_base), p.amount_precision),
		min_quote_value: fmt(P(p.min_quote), 2),
		max_quote_value: fmt(P(p.max_quote), 2),
		is_enabled: true,
		fee_percent: fmt(P(p.fee_percent), 2),
		fee_deduction: 'quote',
		...(mode !== 'current' ? { latest_price: price } : {}),
		...(mode !== 'latest' ? { current_price: price } : {}),
	};
}

const planView = (p) => ({
	code: p.code,
	name: p.name,
	description: p.description,
	check_type: p.check_type,
	currency: p.currency,
	price: p.price,
});
const tokenView = (t, readings) => ({
	id: t.id,
	symbol: t.symbol,
	name: t.name,
	network: networkCode(t.network, readings),
	precision: t.precision,
});

module.exports = {
	currencies,
	methods,
	methodIndex,
	directions,
	pairs,
	plans,
	tokens,
	currency,
	method,
	withdrawOf,
	withdrawMethod,
	prec,
	codeKey,
	listedCode,
	networkCode,
	depositMethodView,
	withdrawMethodView,
	currencyView,
	directionLimits,
	directionView,
	pairView,
	planView,
	tokenView,
};
