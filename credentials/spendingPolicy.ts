import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

import { compareDecimals, isDecimal } from '../nodes/ZeroZeroOneK/helpers/decimal';

/**
 * The credential's spending policy: checked inside `authenticate`, on the exact body about to be
 * signed, so it binds every workflow, AI-agent tool call and HTTP Request node using the credential.
 */
const WHERE = '001k credential → Spending Policy →';

/** POSTs that read-only mode still signs: cancelling can only reduce exposure. */
const CANCELS = ['/api/v1/swap/cancel', '/api/v1/limit-order/cancel'];

/** Quote currencies recognised at the end of a pair symbol such as BTCUSDT, longest first. */
const QUOTE_SUFFIXES = ['USDT', 'USDC', 'EUR', 'BTC', 'ETH'];

const show = { show: { spendingPolicy: [true] } };

export const spendingPolicyProperties: INodeProperties[] = [
	{
		displayName: 'Spending Policy',
		name: 'spendingPolicy',
		type: 'boolean',
		default: false,
		description:
			'Whether n8n refuses to sign requests that break the rules below. It applies to every workflow, AI agent and HTTP Request node that uses this credential; a refused request is never sent.',
	},
	{
		displayName: 'Read-Only Mode',
		name: 'readOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to refuse every request that changes something (any POST), except cancelling a swap or a limit order. Reading balances and operations still works.',
		displayOptions: show,
	},
	{
		displayName: 'Maximum Amount per Request',
		name: 'maxAmounts',
		type: 'string',
		default: '',
		placeholder: 'e.g. BTC=0.5, USDT=10000',
		description:
			'Per currency, the most one withdrawal, internal transfer, swap or limit order may spend, e.g. BTC=0.5, USDT=10000. Currencies not listed have no limit. Swaps and limit orders must then state the spend amount: one defined only by what it receives is refused, as its spend is not known before 001k prices it.',
		displayOptions: show,
	},
	{
		displayName: 'Allowed Withdrawal Addresses',
		name: 'allowedAddresses',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh\nrLW9gnQo7BQhU6igk5keqYnH3TVrCxGRzm:12345',
		description:
			'One destination per line: the address, or address:tag for tag/memo networks (an address line without a tag allows it only without a tag). Empty = any address. Withdrawals naming an address book entry are refused while this list is set.',
		displayOptions: show,
	},
	{
		displayName: 'Allowed Transfer Recipients',
		name: 'allowedRecipients',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. user123\nbob@example.com',
		description:
			'One 001k user ID or email per line (case-insensitive). Empty = any recipient. Transfers naming an address book entry are refused while this list is set.',
		displayOptions: show,
	},
];

interface Spend {
	currency?: string;
	amount?: unknown;
	/** Why the spend cannot be known, when it cannot. */
	unknown?: string;
}

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
			throw new Error(`"${entry.trim()}" is not CURRENCY=AMOUNT (e.g. BTC=0.5). Fix it in ${WHERE} Maximum Amount per Request.`);
		}
		limits.set(match[1].toUpperCase(), match[2]);
	}
	return limits;
}

/** The path without base-URL prefix quirks: lower case, single slashes, no trailing slash. */
function endpointOf(path: string): string {
	const normalized = path.toLowerCase().replace(/\/{2,}/g, '/').replace(/\/+$/, '');
	const at = normalized.indexOf('/api/v1/');
	return at === -1 ? normalized : normalized.slice(at);
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

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** Which currency a limit order spends: buy spends the quote, sell the base. */
function pairSpendCurrency(pair: string, side: string): string | undefined {
	const symbol = pair.toUpperCase();
	const parts = symbol.split(/[-/_]/);
	let base: string | undefined;
	let quote: string | undefined;
	if (parts.length === 2) [base, quote] = parts;
	else {
		quote = QUOTE_SUFFIXES.find((suffix) => symbol.endsWith(suffix) && symbol.length > suffix.length);
		base = quote && symbol.slice(0, -quote.length);
	}
	if (!base || !quote) return undefined;
	return side === 'buy' ? quote : side === 'sell' ? base : undefined;
}

function spendOf(endpoint: string, body: Record<string, unknown>): Spend | undefined {
	switch (endpoint) {
		case '/api/v1/withdraw':
			return { currency: text(body.currency), amount: body.amount };
		case '/api/v1/internal-transfer':
			return { currency: text(body.currency_code), amount: body.amount };
		case '/api/v1/swap/open': {
			const currency = text(body.direction).split('-')[0];
			if (body.spend_amount === undefined) return { currency, unknown: 'a swap given only its receive_amount' };
			return { currency, amount: body.spend_amount };
		}
		case '/api/v1/limit-order': {
			const currency = pairSpendCurrency(text(body.pair), text(body.side).toLowerCase());
			if (!currency) return { unknown: `limit order pair "${text(body.pair)}" / side "${text(body.side)}" (no known spend currency)` };
			if (body.spend_amount === undefined) return { currency, unknown: 'a limit order without spend_amount' };
			return { currency, amount: body.spend_amount };
		}
		default:
			return undefined;
	}
}

function checkLimit(route: string, spend: Spend, limits: Map<string, string>): string | undefined {
	const rule = `${WHERE} Maximum Amount per Request`;
	const currency = (spend.currency ?? '').toUpperCase();
	if (!currency) return `cannot tell what ${spend.unknown ?? route} spends, and a maximum amount is set. Change it in ${rule}.`;
	const limit = limits.get(currency);
	if (limit === undefined) return undefined;
	if (spend.unknown) {
		return `the ${currency} spend of ${spend.unknown} is not known before it is sent, and ${currency} has a maximum of ${limit}: state the spend amount, or change ${rule}.`;
	}
	const amount = text(spend.amount);
	if (!isDecimal(amount)) return `the amount of ${route} is not a plain decimal string, so it cannot be checked against the ${currency} maximum (${rule}).`;
	if (compareDecimals(amount, limit) > 0) {
		return `${amount} ${currency} is above the maximum of ${limit} ${currency} per request. Change it in ${rule}.`;
	}
	return undefined;
}

function checkDestination(endpoint: string, body: Record<string, unknown>, credentials: ICredentialDataDecryptedObject): string | undefined {
	if (endpoint === '/api/v1/withdraw') {
		const allowed = lines(credentials.allowedAddresses);
		if (!allowed.length) return undefined;
		const rule = `${WHERE} Allowed Withdrawal Addresses`;
		if (text(body.address_book_code)) return `withdrawals to an address book entry cannot be checked against ${rule}; send the address itself.`;
		const address = text(body.address);
		const tag = body.tag === undefined || body.tag === null ? '' : String(body.tag).trim();
		const destination = tag ? `${address}:${tag}` : address;
		// Hex (0x…) addresses are the same address in any letter case; others are compared exactly.
		const same = (line: string) => line === destination || (/^0x/i.test(line) && line.toLowerCase() === destination.toLowerCase());
		if (!address || !allowed.some(same)) return `the destination "${destination}" is not listed in ${rule}.`;
	}
	if (endpoint === '/api/v1/internal-transfer') {
		const allowed = lines(credentials.allowedRecipients).map((line) => line.toLowerCase());
		if (!allowed.length) return undefined;
		const rule = `${WHERE} Allowed Transfer Recipients`;
		if (text(body.address_book_code)) return `transfers to an address book entry cannot be checked against ${rule}; name the recipient.`;
		const recipient = text(body.recipient);
		if (!recipient || !allowed.includes(recipient.toLowerCase())) return `the recipient "${recipient}" is not listed in ${rule}.`;
	}
	return undefined;
}

/**
 * Why the policy refuses this request, or undefined when it may be signed. `body` is the exact
 * text that would be signed and sent.
 */
export function policyRefusal(
	credentials: ICredentialDataDecryptedObject,
	method: string,
	path: string,
	body: string,
): string | undefined {
	if (credentials.spendingPolicy !== true) return undefined;
	if (method === 'GET' || method === 'HEAD') return undefined;
	const endpoint = endpointOf(path);
	const route = `${method} ${endpoint}`;
	const refuse = (reason: string) => `The 001k Spending Policy refused ${route}: ${reason}`;
	if (credentials.readOnly === true && !(method === 'POST' && CANCELS.includes(endpoint))) {
		return refuse(`read-only mode allows only cancels (swap and limit order). Change it in ${WHERE} Read-Only Mode.`);
	}
	let limits: Map<string, string>;
	try {
		limits = parseLimits(credentials.maxAmounts);
	} catch (error) {
		return refuse((error as Error).message);
	}
	const watched = ['/api/v1/withdraw', '/api/v1/internal-transfer', '/api/v1/swap/open', '/api/v1/limit-order'];
	if (!watched.includes(endpoint)) return undefined;
	let parsed: unknown;
	try {
		parsed = body ? JSON.parse(body) : {};
	} catch {
		return refuse('the body is not valid JSON.');
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return refuse('the body is not a JSON object.');
	if (hasDuplicateKeys(body)) return refuse('the body repeats a key, so it cannot be checked reliably.');
	const fields = parsed as Record<string, unknown>;
	const spend = spendOf(endpoint, fields);
	const overLimit = spend && limits.size ? checkLimit(route, spend, limits) : undefined;
	const reason = overLimit ?? checkDestination(endpoint, fields, credentials);
	return reason ? refuse(reason) : undefined;
}
