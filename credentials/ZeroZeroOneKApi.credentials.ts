import type {
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { AUTH_ERRORS, authSentence, oneSentence } from '../nodes/shared/authErrors';
import {
	API_PREFIX,
	credentialBase,
	DEFAULT_BASE_URL,
	ENDPOINTS,
	isAtBase,
	pathOf,
} from '../nodes/shared/endpoints';
import { sign } from '../nodes/shared/signature';
import { policyRefusal } from '../nodes/shared/spendingPolicy';
import { spendingPolicyProperties } from '../nodes/shared/spendingPolicyFields';

/**
 * A refusal to sign: nothing was sent. Typed (not worded) so that no caller can mistake it for a
 * request whose answer was lost.
 */
class SigningRefusedError extends Error {
	readonly notSent = true;

	constructor(message: string) {
		super(message);
		this.name = 'SigningRefusedError';
	}
}

/**
 * What `authenticate` is handed: IHttpRequestOptions from programmatic nodes, or the legacy
 * request shape (`uri`, `qs`, `json`, `form`, `formData`) from n8n's HTTP Request node.
 */
interface RequestShape extends IHttpRequestOptions {
	uri?: string | { href: string };
	form?: unknown;
	formData?: unknown;
	followRedirect?: boolean;
	followAllRedirects?: boolean;
}

/** axios's own test for an absolute URL (a scheme, or a protocol-relative `//host`). */
const ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/** Resolves the URL exactly as axios will (baseURL + url, unless url is absolute), so the signed path is the path on the wire. */
function requestUrl(options: RequestShape): URL {
	// n8n reads `url` first, then the legacy `uri`.
	const raw = (options.url as unknown) ?? options.uri;
	const href = raw && typeof raw === 'object' ? (raw as { href?: unknown }).href : raw;
	const target = typeof href === 'string' ? href : '';
	if (!target)
		throw new SigningRefusedError('The 001k credential cannot sign a request without a URL.');
	const base = options.baseURL;
	// axios's combineURLs, character for character.
	const full =
		base && !ABSOLUTE_URL.test(target)
			? `${base.replace(/\/?\/$/, '')}/${target.replace(/^\/+/, '')}`
			: target;
	try {
		return new URL(full);
	} catch {
		throw new SigningRefusedError(
			`The 001k credential cannot sign a request to "${full}": it is not an absolute URL.`,
		);
	}
}

/**
 * Refuses a request that would leave the Base URL: whoever receives X-Access-Key, X-Timestamp and
 * X-Signature can replay them to 001k within its 5-second window, whatever the method.
 */
function checkDestination(baseUrl: unknown, url: URL): void {
	const base = credentialBase(baseUrl);
	if (!base) {
		throw new SigningRefusedError(
			`The 001k credential signs nothing while its Base URL is not an http(s) URL without query or fragment: set it to ${DEFAULT_BASE_URL}, your sandbox or your proxy (e.g. http://proxy:8080/001k).`,
		);
	}
	if (isAtBase(base, url)) return;
	const target = url.origin === base.origin ? url.origin + url.pathname : url.origin;
	throw new SigningRefusedError(
		`The 001k credential signs only requests to its Base URL (${base.origin + base.prefix}); this request goes to ${target}: use a URL that starts with the Base URL, or set the credential's Base URL to the server you mean (e.g. your proxy).`,
	);
}

/** The query string the request will carry: the URL's own, plus the `qs` keys axios appends. */
function queryOf(url: URL, qs: unknown): string {
	const keys = qs && typeof qs === 'object' ? Object.keys(qs) : [];
	return url.search + (keys.length ? `${url.search ? '&' : '?'}${keys.join('&')}` : '');
}

function isPlainObject(value: object): boolean {
	const proto = Object.getPrototypeOf(value) as unknown;
	return Array.isArray(value) || proto === Object.prototype || proto === null;
}

/**
 * The exact body text to sign and send. axios would stringify an object itself and trim a JSON
 * string, so we serialize once here and hand axios the finished string.
 */
function serializeBody(body: unknown): string {
	if (body === undefined || body === null || body === '') return '';
	if (Buffer.isBuffer(body)) return serializeBody(body.toString('utf8'));
	if (typeof body === 'string') {
		const text = body.trim();
		try {
			JSON.parse(text);
		} catch {
			throw new SigningRefusedError(
				'The 001k API accepts JSON request bodies only; the body is not valid JSON.',
			);
		}
		return text;
	}
	if (typeof body !== 'object' || !isPlainObject(body)) {
		throw new SigningRefusedError(
			'The 001k API accepts JSON request bodies only; send the body as JSON (HTTP Request node: Body Content Type "JSON").',
		);
	}
	return JSON.stringify(body);
}

/** Returns the header's value whatever its case, and removes every spelling of it. */
function takeHeader(headers: IDataObject, name: string): string | undefined {
	let value: string | undefined;
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() === name.toLowerCase()) {
			value = String(headers[key]);
			delete headers[key];
		}
	}
	return value;
}

const NOT_001K_FIX = `Use ${DEFAULT_BASE_URL}, your sandbox URL or your proxy URL, without ${API_PREFIX}.`;

/** The credential test's verdict on each error code 001k may answer GET /balance with. */
const TEST_VERDICTS: Record<string, string> = {
	...Object.fromEntries(Object.keys(AUTH_ERRORS).map((code) => [code, authSentence(code)!])),
	'permission.denied': oneSentence(
		'This API key may not read balances [permission.denied]',
		`Enable the "${ENDPOINTS['GET /balance'].permission}" permission on this API key in your 001k account.`,
	),
	not_found: oneSentence(
		`The Base URL does not lead to the 001k API (GET ${pathOf('GET /balance')} answered not_found)`,
		NOT_001K_FIX,
	),
	'rate_limit.exceeded': oneSentence(
		`001k's rate limit refused the test (${ENDPOINTS['GET /balance'].perMinute} balance reads a minute) [rate_limit.exceeded]`,
		'Test again in a minute.',
	),
	internal: oneSentence(
		'001k answered with a server error [internal]',
		'This is a problem on the 001k side; test again later.',
	),
};

/**
 * n8n applies these to the answer's body (its first item for a list) and reports the first that
 * matches. 001k's error body is not specified: the code is read as `error.code`, `code` and
 * `error`. A balance always has `available` (doc §3.1, every currency is listed), so any other
 * answer, an unknown error code or a page that is not 001k's, fails the last rule.
 */
function credentialTestRules(): IAuthenticateRuleResponseSuccessBody[] {
	const rules: IAuthenticateRuleResponseSuccessBody[] = [];
	for (const key of ['error.code', 'code', 'error'])
		for (const [value, message] of Object.entries(TEST_VERDICTS))
			rules.push({ type: 'responseSuccessBody', properties: { key, value, message } });
	rules.push({
		type: 'responseSuccessBody',
		properties: {
			key: 'available',
			value: undefined,
			message: oneSentence(
				`The Base URL does not lead to the 001k API (GET ${pathOf('GET /balance')} did not answer with balances)`,
				NOT_001K_FIX,
			),
		},
	});
	return rules;
}

export class ZeroZeroOneKApi implements ICredentialType {
	name = 'zeroZeroOneKApi';

	displayName = '001k API';

	icon: Icon = {
		light: 'file:../icons/001k.svg',
		dark: 'file:../icons/001k.dark.svg',
	};

	// A page, not an #anchor: n8n appends ?utm_… to this URL, which would land after the fragment.
	documentationUrl = 'https://github.com/001k/n8n-nodes-001k/blob/main/docs/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key',
			name: 'accessKey',
			type: 'string',
			default: '',
			required: true,
			description: 'The public half of your 001k API key pair (sent as X-Access-Key)',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Signs every request with HMAC-SHA256. It never leaves n8n: only the signature is sent.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				'The 001k API server: requests to any other URL are not signed. Point it at a local 001k sandbox (e.g. http://127.0.0.1:4001) to rehearse workflows without real money, or at your proxy to reach 001k through one.',
		},
		...spendingPolicyProperties,
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as RequestShape;
		const accessKey = String(credentials.accessKey ?? '').trim();
		const secretKey = String(credentials.secretKey ?? '');
		if (!accessKey || !secretKey) {
			throw new SigningRefusedError(
				'The 001k credential needs both an Access Key and a Secret Key.',
			);
		}
		if (options.form !== undefined || options.formData !== undefined) {
			throw new SigningRefusedError(
				'The 001k API accepts JSON request bodies only, not form data (HTTP Request node: set Body Content Type to "JSON").',
			);
		}
		const method = (options.method ?? 'GET').toUpperCase();
		const hasBody = method !== 'GET' && method !== 'HEAD' && method !== 'DELETE';
		const headers: IDataObject = { ...(options.headers ?? {}) };
		const contentType = hasBody ? takeHeader(headers, 'Content-Type') : undefined;
		if (contentType !== undefined && !/^application\/json\s*(;|$)/i.test(contentType)) {
			throw new SigningRefusedError(
				`The 001k API accepts JSON request bodies only, not "${contentType}".`,
			);
		}
		const body = hasBody ? serializeBody(options.body) : '';
		const url = requestUrl(options);
		checkDestination(credentials.baseUrl, url);
		// The doc signs the path component only; the query string is not part of the signature.
		const path = url.pathname;
		// Checked on the very text that is signed below, so what passes is exactly what is sent.
		const refusal = policyRefusal(credentials, method, path, body, {
			query: queryOf(url, options.qs),
		});
		if (refusal) throw new SigningRefusedError(refusal);

		// The transport passes a clock-corrected timestamp after the server reported skew.
		const presetTimestamp = takeHeader(headers, 'X-Timestamp');
		const timestamp =
			presetTimestamp && /^\d{13}$/.test(presetTimestamp) ? presetTimestamp : String(Date.now());
		takeHeader(headers, 'X-Access-Key');
		takeHeader(headers, 'X-Signature');
		// The body may have changed form (object, Buffer, padded text -> one string): a caller's length would be wrong.
		takeHeader(headers, 'Content-Length');
		if (hasBody) headers['Content-Type'] = 'application/json';
		headers['X-Access-Key'] = accessKey;
		headers['X-Timestamp'] = timestamp;
		headers['X-Signature'] = sign(secretKey, accessKey + path + timestamp + body);

		// Never follow a redirect: it would resend the signed headers and body to wherever it points.
		// The legacy shape (HTTP Request node) reads followRedirect/followAllRedirects, the new one disableFollowRedirect.
		const noRedirects = {
			followRedirect: false,
			followAllRedirects: false,
			disableFollowRedirect: true,
			maxRedirects: 0,
		};
		return {
			...options,
			...noRedirects,
			headers,
			body: body === '' ? undefined : body,
		} as IHttpRequestOptions;
	}

	// n8n's declarative test applies responseCode rules to the status alone, and shows a network
	// failure as its bare code: with ignoreHttpStatusErrors 001k's error body reaches the
	// responseSuccessBody rules, so the test names the exact code and its fix, as the node does.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ($credentials.baseUrl || "${DEFAULT_BASE_URL}").replace(/\\/+$/, "") }}`,
			url: pathOf('GET /balance'),
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: credentialTestRules(),
	};
}
