/**
 * Every 001k API v1 endpoint with its documented rate limit and permission: the one home of
 * these facts. A route is `METHOD /template` with `{code}` for the path parameter.
 */
export interface EndpointFacts {
	/** Documented requests per minute; undefined where the doc names none. */
	perMinute?: number;
	/** The API key permission the doc requires; undefined for public endpoints. */
	permission?: string;
	/** A POST's documented request fields (doc §3.3–3.8): the spending policy refuses any other key. */
	fields?: readonly string[];
	/** A cancel can only reduce exposure: the spending policy's read-only mode still signs it. */
	cancel?: true;
}

export const ENDPOINTS = {
	'GET /status': {},
	'GET /currency': { perMinute: 10 },
	'GET /balance': { perMinute: 30, permission: 'allow_balance' },
	'GET /deposit-methods': { perMinute: 30, permission: 'allow_deposit' },
	'POST /deposit/generate_address': {
		perMinute: 600,
		permission: 'allow_deposit',
		fields: ['currency', 'method', 'callback_url', 'custom_id'],
	},
	'GET /deposit': { perMinute: 600, permission: 'allow_deposit' },
	'GET /deposit/{code}': { perMinute: 600, permission: 'allow_deposit' },
	'GET /withdrawal-methods': { perMinute: 30, permission: 'allow_withdraw' },
	'POST /withdraw': {
		perMinute: 600,
		permission: 'allow_withdraw',
		fields: [
			'currency',
			'method',
			'amount',
			'address',
			'tag',
			'beneficiary',
			'callback_url',
			'custom_id',
			'receive_mode',
			'address_book_code',
		],
	},
	'GET /withdraw': { perMinute: 600, permission: 'allow_withdraw' },
	'GET /withdraw/{code}': { perMinute: 600, permission: 'allow_withdraw' },
	'GET /swap-directions': { perMinute: 30, permission: 'allow_swap' },
	'POST /swap/open': {
		perMinute: 300,
		permission: 'allow_swap',
		fields: [
			'direction',
			'spend_amount',
			'receive_amount',
			'callback_url',
			'custom_id',
			'time_to_live',
		],
	},
	'POST /swap/cancel': {
		perMinute: 300,
		permission: 'allow_swap',
		fields: ['code', 'custom_id'],
		cancel: true,
	},
	'GET /swap': { perMinute: 300, permission: 'allow_swap' },
	'GET /swap/{code}': { perMinute: 300, permission: 'allow_swap' },
	'POST /internal-transfer': {
		perMinute: 600,
		permission: 'allow_transfer',
		fields: [
			'currency_code',
			'amount',
			'recipient',
			'callback_url',
			'custom_id',
			'address_book_code',
			'note',
		],
	},
	'GET /internal-transfer': { perMinute: 600, permission: 'allow_transfer' },
	'GET /internal-transfer/{code}': { perMinute: 600, permission: 'allow_transfer' },
	'GET /limit-pairs': { perMinute: 30, permission: 'allow_limit_order' },
	'POST /limit-order': {
		perMinute: 600,
		permission: 'allow_limit_order',
		fields: [
			'pair',
			'side',
			'limit_price',
			'spend_amount',
			'receive_amount',
			'callback_url',
			'custom_id',
		],
	},
	'POST /limit-order/cancel': {
		perMinute: 600,
		permission: 'allow_limit_order',
		fields: ['code', 'custom_id'],
		cancel: true,
	},
	'GET /limit-order': { perMinute: 600, permission: 'allow_limit_order' },
	'GET /limit-order/{code}': { perMinute: 600, permission: 'allow_limit_order' },
	'GET /aml/plan': { perMinute: 600, permission: 'allow_aml_check' },
	'GET /aml/token': { perMinute: 120, permission: 'allow_aml_check' },
	'POST /aml/check': {
		perMinute: 600,
		permission: 'allow_aml_check',
		fields: ['direction', 'token', 'address', 'transaction', 'callback_url', 'custom_id'],
	},
	'GET /aml/check': { perMinute: 600, permission: 'allow_aml_check' },
	'GET /aml/check/{code}': { perMinute: 600, permission: 'allow_aml_check' },
} satisfies Record<string, EndpointFacts>;

export type Route = keyof typeof ENDPOINTS;

/** Endpoints that need no signature (doc: §1.7 and §3.2). */
export const PUBLIC_ROUTES: ReadonlySet<Route> = new Set<Route>(['GET /status', 'GET /currency']);

export const API_PREFIX = '/api/v1';

/** The path a route is sent to, e.g. `POST /withdraw` → `/api/v1/withdraw` (`{code}` left in place). */
export function pathOf(route: Route): string {
	return API_PREFIX + route.slice(route.indexOf(' ') + 1);
}

export const DEFAULT_BASE_URL = 'https://api.001k.world';

/** POST /withdraw's beneficiary object (doc §3.4); `iban` is the one field 001k pays to. */
export const BENEFICIARY_FIELDS = [
	'first_name',
	'last_name',
	'email',
	'phone',
	'iban',
	'tin',
	'edrpou',
] as const;

/** The credential's Base URL as requests are built on it: trimmed, the default when empty, no trailing slash. */
export function normalizeBaseUrl(value: unknown): string {
	const text = typeof value === 'string' && value.trim() ? value.trim() : DEFAULT_BASE_URL;
	return text.replace(/\/+$/, '');
}

/** Where the credential may send signed requests: one origin and, under it, one path prefix. */
export interface CredentialBase {
	/** WHATWG origin: scheme, lower-case host, and the port unless it is the scheme's default. */
	origin: string;
	/** The Base URL's path without a trailing slash (`/001k` for http://proxy:8080/001k), or ''. */
	prefix: string;
}

/** The credential's Base URL, parsed; undefined (sign nothing) unless it is an http(s) URL without query or fragment. */
export function credentialBase(value: unknown): CredentialBase | undefined {
	let url: URL;
	try {
		url = new URL(normalizeBaseUrl(value));
	} catch {
		return undefined;
	}
	if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash)
		return undefined;
	return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}

/** Whether a request URL stays at the Base URL: the same origin, and inside its path prefix if it has one. */
export function isAtBase(base: CredentialBase, url: URL): boolean {
	if (url.origin !== base.origin) return false;
	return !base.prefix || url.pathname === base.prefix || url.pathname.startsWith(`${base.prefix}/`);
}
