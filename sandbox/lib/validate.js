'use strict';
// Request validation helpers. Order inside a handler: required -> type ->
// enum/lookup -> precision -> min/max; idempotency and balance come after.
const money = require('./money');
const { err } = require('./errors');

const present = (v) => v !== undefined && v !== null && v !== '';

function required(body, field) {
	if (!present(body[field])) throw err('validation.required', `${field} is required`, field);
	return body[field];
}

function optString(body, field, max = 255) {
	const v = body[field];
	if (!present(v)) return null;
	if (typeof v !== 'string') throw err('validation.invalid', `${field} must be a string`, field);
	if (v.length > max)
		throw err('validation.invalid', `${field} must be at most ${max} characters`, field);
	return v;
}

function reqString(body, field, max) {
	required(body, field);
	return optString(body, field, max);
}

/** Amount: JSON string "123.45", > 0, at most `prec` decimals, within [min,max]. */
function amount(body, field, prec, min, max) {
	const v = body[field];
	if (typeof v !== 'string')
		throw err('validation.invalid', `${field} must be a decimal string like "1.50"`, field);
	if (!money.AMOUNT_RE.test(v))
		throw err('validation.invalid', `${field} must be a decimal string like "1.50"`, field);
	// Trailing zeros are not precision: the doc itself sends "0.01000000" to a
	// 6-decimal pair and "294.85250000" for a 6-decimal currency.
	const sig = v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
	if (money.decimals(sig) > prec)
		throw err('validation.precision', `${field} must have at most ${prec} decimal places`, field);
	const a = money.parse(sig);
	checkRange(a, field, prec, min, max);
	return a;
}

/** Range check for a scaled value (also used for derived amounts). */
function checkRange(a, field, prec, min, max, label = field) {
	if (a <= 0n) throw err('validation.min_amount', `${label} must be greater than 0`, field);
	if (min !== undefined && min !== null && a < min) {
		throw err(
			'validation.min_amount',
			`${label} must be at least ${money.format(min, prec)}`,
			field,
		);
	}
	if (max !== undefined && max !== null && a > max) {
		throw err(
			'validation.max_amount',
			`${label} must be at most ${money.format(max, prec)}`,
			field,
		);
	}
}

function oneOf(field, allowed, v) {
	if (!allowed.includes(v))
		throw err('validation.invalid', `${field} must be one of: ${allowed.join(', ')}`, field);
	return v;
}

function callbackUrl(body) {
	const v = optString(body, 'callback_url', 2048);
	if (v === null) return null;
	let u;
	try {
		u = new URL(v);
	} catch {
		u = null;
	}
	if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
		throw err('validation.invalid', 'callback_url must be an absolute http(s) URL', 'callback_url');
	}
	return v;
}

const customId = (body) => optString(body, 'custom_id', 255);

// ISO 8601: date, or date-time with optional fraction and optional zone (UTC when absent).
const ISO_RE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function parseIso(v) {
	const m = ISO_RE.exec(v);
	if (!m) return null;
	let s = `${m[1]}-${m[2]}-${m[3]}T${m[4] || '00'}:${m[5] || '00'}:${m[6] || '00'}`;
	if (m[7]) s += '.' + m[7].slice(0, 3).padEnd(3, '0');
	let zone = m[8] || 'Z';
	if (/^[+-]\d{4}$/.test(zone)) zone = zone.slice(0, 3) + ':' + zone.slice(3);
	const t = Date.parse(s + zone.toUpperCase());
	return Number.isFinite(t) ? t : null;
}

/** limit/offset/start_at/end_at for list endpoints. */
function listParams(q) {
	let limit = 100;
	if (q.limit !== undefined) {
		if (!/^\d+$/.test(q.limit) || Number(q.limit) < 1 || Number(q.limit) > 200) {
			throw err('validation.limit', 'limit must be an integer between 1 and 200', 'limit');
		}
		limit = Number(q.limit);
	}
	let offset = 0;
	if (q.offset !== undefined) {
		if (!/^\d+$/.test(q.offset) || Number(q.offset) > 10000) {
			throw err('validation.offset', 'offset must be an integer between 0 and 10000', 'offset');
		}
		offset = Number(q.offset);
	}
	const range = {};
	for (const f of ['start_at', 'end_at']) {
		if (q[f] !== undefined && q[f] !== '') {
			const t = parseIso(q[f]);
			if (t === null) throw err('validation.invalid', `${f} must be an ISO 8601 datetime`, f);
			range[f] = t;
		}
	}
	return { limit, offset, startMs: range.start_at, endMs: range.end_at };
}

module.exports = {
	present,
	required,
	optString,
	reqString,
	amount,
	checkRange,
	oneOf,
	callbackUrl,
	customId,
	parseIso,
	listParams,
};
