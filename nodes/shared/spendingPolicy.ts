import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { compareDecimals, isDecimal } from './decimal';
import {
	BENEFICIARY_FIELDS,
	credentialBase,
	ENDPOINTS,
	pathOf,
	type EndpointFacts,
	type Route,
} from './endpoints';

/**
 * The credential's spending policy: checked inside `authenticate`, on the exact body about to be
 * signed, so it binds every workflow, AI-agent tool call and HTTP Request node using the credential.
 */
const WHERE = '001k credential → Spending Policy →';

/** Every POST the API documents, by its exact path, with its facts: anything else is not signed while the policy is on. */
const KNOWN_POSTS = new Map<string, EndpointFacts>(
	Object.entries(ENDPOINTS)
		.filter(([route]) => route.startsWith('POST '))
		.map(([route, facts]) => [pathOf(route as Route), facts]),
);

const WITHDRAW = pathOf('POST /withdraw');
const INTERNAL_TRANSFER = pathOf('POST /internal-transfer');
const SWAP_OPEN = pathOf('POST /swap/open');
const LIMIT_ORDER = pathOf('POST /limit-order');

/** ASCII letters and digits only: a zero-width or full-width character could name another currency at 001k. */
const CURRENCY = /^[A-Za-z0-9]{1,20}$/;

/** Quote currencies recognised at the end of a pair symbol such as BTCUSDT, longest first. */
const QUOTE_SUFFIXES = ['USDT', 'USDC', 'EUR', 'BTC', 'ETH'];

interface Spend {
	currency?: string;
	amount?: unknown;
	/** Why the spend cannot be known, when it cannot. */
	unknown?: string;
}

/** A named structural rule of the policy: refusals say which one, so the user knows what to change. */
const RULE = {
	base: 'requests go to the Base URL only',
	method: 'GET and POST only',
	endpoint: 'known endpoints only',
	query: 'no query string on a POST',
	fields: 'documented fields only',
	currency: 'canonical currency codes',
	exact: 'no fee on top under a maximum',
};

class Refusal extends Error {}

const refuseBy = (rule: string, reason: string): never => {
	throw new Refusal(`${reason} (Spending Policy rule: ${rule}).`);
};

function lines(value: unknown): string[] {
	return String(value ?? '')
		.split(/[\r\n]+/)
		.map((line) => line.trim())
		.filter(Boolean);
}

function parseLimits(value: unknown): Map<string, string> {
	const limits = new Map<string, string>();
	for (const entry of String(value ?? '').split(/[,;\r\n]+/)) {
		if (!entry.trim()) continue;
		const match = /^\s*([A-Za-z0-9]+)\s*=\s*(\S+)\s*$/.exec(entry);
		if (!match || !isDecimal(match[2])) {
			throw new Refusal(
				`"${entry.trim()}" is not CURRENCY=AMOUNT (e.g. BTC=0.5). Fix it in ${WHERE} Maximum Amount per Request.`,
			);
		}
		limits.set(match[1].toUpperCase(), match[2]);
	}
	return limits;
}

/** The documented endpoint this exact path is, or undefined: no case folding, decoding or slash repair. */
function endpointOf(path: string, prefix: string): string | undefined {
	const rest = prefix && path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
	return KNOWN_POSTS.has(rest) ? rest : undefined;
}

/** Refuses duplicate keys: 001k's parser might keep a different duplicate than JSON.parse does. */
function hasDuplicateKeys(text: string): boolean {
	const stack: Array<{ keys: Set<string>; expectKey: boolean } | null> = [];
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		const top = stack[stack.length - 1];
		if (char === '{') stack.push({ keys: new Set(), expectKey: true });
		else if (char === '[') stack.push(null);
		else if (char === '}' || char === ']') stack.pop();
		else if (char === ',' && top) top.expectKey = true;
		else if (char === '"') {
			let end = i + 1;
			while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
			if (top?.expectKey) {
				const key = JSON.parse(text.slice(i, end + 1)) as string;
				if (top.keys.has(key)) return true;
				top.keys.add(key);
				top.expectKey = false;
			}
			i = end;
		}
	}
	return false;
}

/** A string field exactly as sent: no trimming, as 001k may not trim either. */
function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function checkFields(endpoint: string, body: Record<string, unknown>): void {
	const allowed = KNOWN_POSTS.get(endpoint)?.fields ?? [];
	for (const key of Object.keys(body)) {
		if (!allowed.includes(key))
			refuseBy(RULE.fields, `"${key}" is not a documented field of POST ${endpoint}`);
	}
	if (endpoint !== WITHDRAW || body.beneficiary === undefined || body.beneficiary === null) return;
	const beneficiary = body.beneficiary;
	if (typeof beneficiary !== 'object' || Array.isArray(beneficiary))
		refuseBy(RULE.fields, 'beneficiary is not an object');
	for (const key of Object.keys(beneficiary as object)) {
		if (!(BENEFICIARY_FIELDS as readonly string[]).includes(key))
			refuseBy(RULE.fields, `"beneficiary.${key}" is not a documented beneficiary field`);
	}
}

function currencyCode(value: unknown, field: string): string {
	const code = text(value);
	if (!CURRENCY.test(code)) {
		refuseBy(
			RULE.currency,
			`${field} ${JSON.stringify(value)} is not a plain currency code (ASCII letters and digits, such as BTC)`,
		);
	}
	return code.toUpperCase();
}

/** Which currency a limit order spends: buy spends the quote, sell the base. */
function pairSpendCurrency(pair: string, side: string): string | undefined {
	const symbol = pair.toUpperCase();
	const parts = symbol.split(/[-/_]/);
	let base: string | undefined;
	let quote: string | undefined;
	if (parts.length === 2) [base, quote] = parts;
	else {
		quote = QUOTE_SUFFIXES.find(
			(suffix) => symbol.endsWith(suffix) && symbol.length > suffix.length,
		);
		base = quote && symbol.slice(0, -quote.length);
	}
	if (!base || !quote) return undefined;
	return side === 'buy' ? quote : side === 'sell' ? base : undefined;
}

/** receive_mode "exact" (or its alias true) adds the fee on top of the amount. */
function isExactMode(value: unknown): boolean {
	if (value === undefined || value === null || value === false) return false;
	if (value === 'exact' || value === true) return true;
	return refuseBy(RULE.fields, `receive_mode ${JSON.stringify(value)} is not "exact"`);
}

function spendOf(endpoint: string, body: Record<string, unknown>): Spend | undefined {
	switch (endpoint) {
		case WITHDRAW: {
			const currency = currencyCode(body.currency, 'currency');
			if (isExactMode(body.receive_mode))
				return {
					currency,
					amount: body.amount,
					unknown: 'a withdrawal with receive_mode "exact" (its fee comes on top)',
				};
			return { currency, amount: body.amount };
		}
		case INTERNAL_TRANSFER:
			return { currency: currencyCode(body.currency_code, 'currency_code'), amount: body.amount };
		case SWAP_OPEN: {
			const direction = text(body.direction);
			const parts = direction.split('-');
			if (parts.length !== 2)
				refuseBy(
					RULE.currency,
					`direction ${JSON.stringify(body.direction)} is not two currency codes such as BTC-USDT`,
				);
			const currency = currencyCode(parts[0], 'direction');
			currencyCode(parts[1], 'direction');
			if (body.spend_amount === undefined)
				return { currency, unknown: 'a swap given only its receive_amount' };
			return { currency, amount: body.spend_amount };
		}
		case LIMIT_ORDER: {
			const pair = text(body.pair);
			if (!/^[A-Za-z0-9]+([-/_][A-Za-z0-9]+)?$/.test(pair)) {
				refuseBy(
					RULE.currency,
					`pair ${JSON.stringify(body.pair)} is not a plain pair symbol such as BTCUSDT`,
				);
			}
			const currency = pairSpendCurrency(pair, text(body.side).toLowerCase());
			if (!currency)
				return {
					unknown: `limit order pair "${pair}" / side "${text(body.side)}" (no known spend currency)`,
				};
			if (body.spend_amount === undefined)
				return { currency, unknown: 'a limit order without spend_amount' };
			return { currency, amount: body.spend_amount };
		}
		default:
			return undefined;
	}
}

function checkLimit(route: string, spend: Spend, limits: Map<string, string>): string | undefined {
	const rule = `${WHERE} Maximum Amount per Request`;
	const currency = spend.currency ?? '';
	if (!currency)
		return `cannot tell what ${spend.unknown ?? route} spends, and a maximum amount is set. Change it in ${rule}.`;
	const limit = limits.get(currency);
	if (limit === undefined) return undefined;
	if (spend.unknown && spend.amount !== undefined) {
		// The fee is known only to 001k, so amount + fee cannot be bounded offline: refuse rather than guess.
		return `the ${currency} spend of ${spend.unknown} is not known before it is sent, and ${currency} has a maximum of ${limit}: withdraw without receive_mode "exact" (the fee is then taken from the amount), or change ${rule} (Spending Policy rule: ${RULE.exact}).`;
	}
	if (spend.unknown) {
		return `the ${currency} spend of ${spend.unknown} is not known before it is sent, and ${currency} has a maximum of ${limit}: state the spend amount, or change ${rule}.`;
	}
	const amount = text(spend.amount);
	if (!isDecimal(amount))
		return `the amount of ${route} is not a plain decimal string, so it cannot be checked against the ${currency} maximum (${rule}).`;
	if (compareDecimals(amount, limit) > 0) {
		return `${amount} ${currency} is above the maximum of ${limit} ${currency} per request. Change it in ${rule}.`;
	}
	return undefined;
}

/** Hex (0x…) addresses are the same address in any letter case; everything else is compared exactly. */
function sameDestination(line: string, value: string): boolean {
	return (
		line === value || (/^0x[0-9a-f]+$/i.test(line) && line.toLowerCase() === value.toLowerCase())
	);
}

function checkDestination(
	endpoint: string,
	body: Record<string, unknown>,
	credentials: ICredentialDataDecryptedObject,
): string | undefined {
	if (endpoint === WITHDRAW) {
		const allowed = lines(credentials.allowedAddresses);
		if (!allowed.length) return undefined;
		const rule = `${WHERE} Allowed Withdrawal Addresses`;
		if (
			body.address_book_code !== undefined &&
			body.address_book_code !== null &&
			body.address_book_code !== ''
		) {
			return `withdrawals to an address book entry cannot be checked against ${rule}; send the address itself.`;
		}
		const address = text(body.address);
		const rawTag = body.tag;
		if (
			rawTag !== undefined &&
			rawTag !== null &&
			typeof rawTag !== 'string' &&
			typeof rawTag !== 'number'
		) {
			return `the tag is neither text nor a number, so it cannot be checked against ${rule}.`;
		}
		const tag = rawTag === undefined || rawTag === null ? '' : String(rawTag);
		const destination = tag ? `${address}:${tag}` : address;
		if (!address || !allowed.some((line) => sameDestination(line, destination)))
			return `the destination "${destination}" is not listed in ${rule}.`;
		// 001k pays a fiat withdrawal to the beneficiary's IBAN: it must be listed as well.
		const iban = (body.beneficiary as Record<string, unknown> | undefined)?.iban;
		if (
			iban !== undefined &&
			iban !== null &&
			(typeof iban !== 'string' || !allowed.includes(iban))
		) {
			return `the beneficiary IBAN ${JSON.stringify(iban)} is not listed in ${rule}.`;
		}
	}
	if (endpoint === INTERNAL_TRANSFER) {
		const allowed = lines(credentials.allowedRecipients);
		if (!allowed.length) return undefined;
		const rule = `${WHERE} Allowed Transfer Recipients`;
		if (
			body.address_book_code !== undefined &&
			body.address_book_code !== null &&
			body.address_book_code !== ''
		) {
			return `transfers to an address book entry cannot be checked against ${rule}; name the recipient.`;
		}
		const recipient = text(body.recipient);
		// Email addresses match in any letter case; user IDs only exactly.
		const same = (line: string) =>
			line === recipient || (line.includes('@') && line.toLowerCase() === recipient.toLowerCase());
		if (!recipient || !allowed.some(same))
			return `the recipient "${recipient}" is not listed in ${rule}.`;
	}
	return undefined;
}

export interface PolicyTarget {
	/** The query string as it goes on the wire (`?a=b`), or '' for none. */
	query?: string;
}

/**
 * Why the policy refuses this request, or undefined when it may be signed. `path` is the URL path
 * as it goes on the wire and `body` the exact text that would be signed and sent.
 */
export function policyRefusal(
	credentials: ICredentialDataDecryptedObject,
	method: string,
	path: string,
	body: string,
	target: PolicyTarget = {},
): string | undefined {
	if (credentials.spendingPolicy !== true) return undefined;
	if (method === 'GET' || method === 'HEAD') return undefined;
	const route = `${method} ${path}`;
	try {
		checkRequest(credentials, method, path, body, target);
		return undefined;
	} catch (error) {
		// Fail closed: a request the checks could not finish on is refused, never waved through.
		const reason = error instanceof Refusal ? error.message : 'the request could not be checked.';
		return `The 001k Spending Policy refused ${route}: ${reason}`;
	}
}

function checkRequest(
	credentials: ICredentialDataDecryptedObject,
	method: string,
	path: string,
	body: string,
	target: PolicyTarget,
): void {
	// The credential itself refuses any request outside its Base URL; the policy needs only the path prefix.
	const base = credentialBase(credentials.baseUrl);
	if (!base) refuseBy(RULE.base, 'the Base URL of the credential is not a valid URL');
	if (method !== 'POST') refuseBy(RULE.method, `the 001k API has no ${method} endpoints`);
	const endpoint = endpointOf(path, base!.prefix);
	if (credentials.readOnly === true && !(endpoint && KNOWN_POSTS.get(endpoint)?.cancel)) {
		throw new Refusal(
			`read-only mode allows only cancels (swap and limit order). Change it in ${WHERE} Read-Only Mode.`,
		);
	}
	if (!endpoint)
		refuseBy(
			RULE.endpoint,
			`"${path}" is not, spelled exactly, a POST endpoint of the 001k API v1`,
		);
	if (target.query)
		refuseBy(RULE.query, 'the 001k API reads POST parameters from the JSON body only');
	const limits = parseLimits(credentials.maxAmounts);
	const parsed = parseJson(body);
	if (parsed === undefined) throw new Refusal('the body is not valid JSON.');
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new Refusal('the body is not a JSON object.');
	if (hasDuplicateKeys(body))
		throw new Refusal('the body repeats a key, so it cannot be checked reliably.');
	const fields = parsed as Record<string, unknown>;
	checkFields(endpoint!, fields);
	const spend = spendOf(endpoint!, fields);
	const overLimit =
		spend && limits.size ? checkLimit(route(method, endpoint!), spend, limits) : undefined;
	const reason = overLimit ?? checkDestination(endpoint!, fields, credentials);
	if (reason) throw new Refusal(reason);
}

function parseJson(body: string): unknown {
	try {
		return body ? (JSON.parse(body) as unknown) : {};
	} catch {
		return undefined;
	}
}

function route(method: string, endpoint: string): string {
	return `${method} ${endpoint}`;
}
