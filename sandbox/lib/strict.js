'use strict';
// Strict mode (startSandbox({ strict: true }), the default in tests): refuse what a strict 001k
// could refuse, so a client that passes here sends only what the doc describes.
const { err } = require('./errors');

const S = 'string',
	I = 'integer',
	O = 'object',
	RM = 'receive_mode';
const CB = { callback_url: S, custom_id: S };

// Request parameters as the doc's tables list them (§3.3–3.8), per POST route.
const BODY = {
	'/api/v1/deposit/generate_address': { currency: S, method: S, ...CB },
	'/api/v1/withdraw': {
		currency: S,
		method: S,
		amount: S,
		address: S,
		tag: S,
		beneficiary: O,
		...CB,
		receive_mode: RM,
		address_book_code: S,
	},
	'/api/v1/swap/open': { direction: S, spend_amount: S, receive_amount: S, ...CB, time_to_live: I },
	'/api/v1/swap/cancel': { code: S, custom_id: S },
	'/api/v1/internal-transfer': {
		currency_code: S,
		amount: S,
		recipient: S,
		...CB,
		address_book_code: S,
		note: S,
	},
	'/api/v1/limit-order': {
		pair: S,
		side: S,
		limit_price: S,
		spend_amount: S,
		receive_amount: S,
		...CB,
	},
	'/api/v1/limit-order/cancel': { code: S, custom_id: S },
	'/api/v1/aml/check': { direction: S, token: I, address: S, transaction: S, ...CB },
};

const PAGE = ['limit', 'offset', 'start_at', 'end_at', 'status', 'custom_id'];
// Query parameters per GET route (the doc's "Query Parameters" tables); routes not listed take none.
const QUERY = {
	'/api/v1/deposit-methods': ['currency', 'is_enabled'],
	'/api/v1/withdrawal-methods': ['currency'],
	'/api/v1/deposit': [...PAGE, 'currency'],
	'/api/v1/withdraw': [...PAGE, 'currency'],
	'/api/v1/swap': [...PAGE, 'direction'],
	'/api/v1/internal-transfer': [...PAGE, 'currency_code'],
	'/api/v1/limit-order': [...PAGE, 'pair', 'side'],
	'/api/v1/aml/check': [...PAGE, 'plan', 'token', 'address', 'transaction', 'code'],
};
const INTEGER_QUERY = ['limit', 'offset', 'token'];

const TYPE_OK = {
	[S]: (v) => typeof v === 'string',
	[I]: (v) => Number.isInteger(v),
	[O]: (v) => typeof v === 'object' && !Array.isArray(v),
	[RM]: (v) => typeof v === 'string' || typeof v === 'boolean',
};

function checkQuery(route, method, rawQuery) {
	if (method === 'POST') {
		if (rawQuery !== '')
			throw err(
				'validation.invalid',
				'A POST takes its parameters in the JSON body, not in the query string',
			);
		return;
	}
	if (rawQuery === '') return;
	const allowed = QUERY[route.path] || [];
	const seen = new Set();
	for (const part of rawQuery.split('&')) {
		const i = part.indexOf('=');
		let name, value;
		try {
			name = decodeURIComponent((i < 0 ? part : part.slice(0, i)).replace(/\+/g, ' '));
			value = i < 0 ? null : decodeURIComponent(part.slice(i + 1).replace(/\+/g, ' '));
		} catch {
			throw err('validation.invalid', 'The query string is not valid percent-encoding');
		}
		if (!allowed.includes(name))
			throw err('validation.invalid', `Unknown query parameter ${name}`, name);
		if (seen.has(name))
			throw err('validation.invalid', `Query parameter ${name} is repeated`, name);
		seen.add(name);
		if (value === null || value === '')
			throw err(
				'validation.invalid',
				`Query parameter ${name} has no value; leave it out instead`,
				name,
			);
		if (INTEGER_QUERY.includes(name) && !/^(0|[1-9]\d*)$/.test(value)) {
			throw err(
				name === 'limit' || name === 'offset' ? `validation.${name}` : 'validation.invalid',
				`${name} must be a plain integer (no sign, no leading zeros)`,
				name,
			);
		}
		if (name === 'is_enabled' && value !== 'true' && value !== 'false')
			throw err('validation.invalid', 'is_enabled must be true or false', name);
	}
}

function checkBody(route, method, headers, raw, body) {
	if (method !== 'POST') {
		if (raw.length > 0)
			throw err(
				'validation.invalid',
				'A GET has no body (doc §2.5: its signed body is the empty string)',
			);
		return;
	}
	const type = String(headers['content-type'] || '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (type !== 'application/json')
		throw err('validation.invalid', 'Content-Type must be application/json');
	const fields = BODY[route.path];
	if (!fields) return;
	for (const [name, value] of Object.entries(body)) {
		const t = fields[name];
		if (!t) throw err('validation.invalid', `Unknown field ${name}`, name);
		if (value === null || value === '')
			throw err(
				'validation.invalid',
				`${name} is ${value === null ? 'null' : 'empty'}; leave an optional field out instead`,
				name,
			);
		if (!TYPE_OK[t](value))
			throw err(
				'validation.invalid',
				`${name} must be ${t === RM ? 'a string or boolean' : `a JSON ${t}`}`,
				name,
			);
	}
}

/** Signatures are lower-case hex: the doc's three clients use hexdigest(), hash_hmac() and digest('hex'). */
const hexSignatureOk = (sig) => /^[0-9a-f]{64}$/.test(String(sig));

module.exports = { BODY, QUERY, checkQuery, checkBody, hexSignatureOk };
