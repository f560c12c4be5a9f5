import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import {
	API_PREFIX,
	ENDPOINTS,
	normalizeBaseUrl,
	PUBLIC_ROUTES,
	type EndpointFacts,
	type Route,
} from '../endpoints';
import { sign } from '../signature';
import { policyRefusal } from '../spendingPolicy';
import {
	credentialFailureMessage,
	describeNetworkFailure,
	httpError,
	isTransportFailure,
	networkError,
	notSentError,
	readErrorBody,
	rateLimitedError,
	redirectError,
} from './errors';
import { clockOffset, syncClock } from './clock';
import { reserveSlot, tryReserveCallbackSlot, tryReserveSlot } from './pacer';

export type ApiContext =
	IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions | IPollFunctions | IHookFunctions;

export const CREDENTIAL_TYPE = 'zeroZeroOneKApi';

export interface ApiRequest {
	route: Route;
	/** Value of the `{code}` path parameter. */
	code?: string;
	qs?: IDataObject;
	body?: IDataObject;
	timeoutMs?: number;
	/** Tells the user how to find out whether an unanswered create happened. */
	checkHint?: string;
	/** A lookup the caller can do without: fail with a 429 error rather than wait for a rate limit. */
	noWait?: boolean;
	/** A callback's verification read: paced in the callbacks' share (pacer.ts), never waits, fails with a RateLimitedError. */
	verification?: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Read once per node run: a Return All of 50,000 objects makes 250 requests with the same credential. */
const credentialCache = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

function credentialsOf(context: ApiContext): Promise<ICredentialDataDecryptedObject> {
	let credentials = credentialCache.get(context);
	if (!credentials) {
		credentials = context.getCredentials(CREDENTIAL_TYPE);
		credentialCache.set(context, credentials);
		credentials.catch(() => credentialCache.delete(context));
	}
	return credentials;
}
const MAX_TRANSIENT_RETRIES = 3;
/** A verification read holds a callback's HTTP request open: one quick retry, then 001k calls back later. */
const MAX_VERIFICATION_RETRIES = 1;
const MAX_RATE_LIMIT_WAITS = 5;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 4_000;

/** Encodes the path parameter so no code can reach another endpoint (`../x`, `a?b`, `x#y`). */
export function buildPath(route: Route, code?: string): string {
	const template = route.slice(route.indexOf(' ') + 1);
	if (!template.includes('{code}')) return API_PREFIX + template;
	const value = code ?? '';
	// URLs resolve `.` and `..` segments and encodeURIComponent leaves dots alone: refuse those two.
	if (!value.trim() || /^\.{1,2}$/.test(value.trim())) {
		throw new Error(`"${value}" is not a valid 001k code`);
	}
	return API_PREFIX + template.replace('{code}', encodeURIComponent(value));
}

/** A query string in the caller's key order, skipping empty values, encoded one way only. */
export function buildQuery(qs: IDataObject = {}): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null || value === '') continue;
		if (typeof value === 'object')
			throw new Error(`Query parameter "${key}" must be a single value`);
		parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
	}
	return parts.length ? `?${parts.join('&')}` : '';
}

/** A create is safe to send twice only when 001k can match the two by `custom_id`. */
export function isRetrySafe(method: string, body?: IDataObject): boolean {
	if (method === 'GET') return true;
	const customId = body?.custom_id;
	return typeof customId === 'string' && customId.trim() !== '';
}

function backoff(attempt: number): number {
	const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
	return exponential / 2 + Math.random() * (exponential / 2);
}

function retryAfterMs(headers: IDataObject | undefined, attempt: number): number {
	const raw = headers?.['retry-after'];
	const seconds = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN;
	if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000 + 50, 65_000);
	return backoff(attempt + 2);
}

interface FullResponse {
	statusCode: number;
	headers?: IDataObject;
	body: unknown;
}

/** Parses a 2xx body; `undefined` means the answer was unusable (e.g. truncated JSON). */
function parseSuccessBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	if (body.trim() === '') return undefined;
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}

/**
 * The only door to the 001k API: signs (through the credential), paces to the documented rate
 * limits, corrects clock skew, retries what is safe to retry, and maps every failure to a clear
 * node error that never contains the secret key or a signature.
 */
export async function apiRequest(this: ApiContext, request: ApiRequest): Promise<unknown> {
	const node = this.getNode();
	const credentials = await credentialsOf(this);
	const baseUrl = normalizeBaseUrl(credentials.baseUrl);
	const method = request.route.slice(0, request.route.indexOf(' ')) as 'GET' | 'POST';
	const facts: EndpointFacts = ENDPOINTS[request.route];
	const isPublic = PUBLIC_ROUTES.has(request.route);

	let url: string;
	let wire: URL;
	try {
		url = baseUrl + buildPath(request.route, request.code) + buildQuery(request.qs);
		wire = new URL(url);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message);
	}
	const retrySafe = isRetrySafe(method, request.body);
	const context = {
		route: `${method} ${API_PREFIX}${request.route.slice(method.length + 1)}`,
		permission: facts.permission,
	};
	const paceKey = `${baseUrl}|${String(credentials.accessKey ?? '')}|${request.route}`;
	const rawBody = bodyText(method, request.body);
	const refusal = isPublic ? undefined : refusalOf(credentials, method, wire, rawBody);
	if (refusal) throw notSentError(node, refusal);
	const accessKey = String(credentials.accessKey ?? '').trim();
	const secretKey = String(credentials.secretKey ?? '');

	let transientRetries = 0;
	let rateLimitWaits = 0;
	let clockResynced = false;
	const maxTransient = request.verification ? MAX_VERIFICATION_RETRIES : MAX_TRANSIENT_RETRIES;
	for (;;) {
		if (request.verification) {
			const waitMs = tryReserveCallbackSlot(paceKey, facts.perMinute);
			if (waitMs > 0) throw rateLimitedError(node, context.route, waitMs, false);
		} else if (!request.noWait) await reserveSlot(paceKey, facts.perMinute);
		else if (!tryReserveSlot(paceKey, facts.perMinute)) {
			throw httpError(
				node,
				429,
				{
					code: 'rate_limit.paced',
					message: 'Not sent: it would exceed the documented rate limit now',
				},
				context,
			);
		}
		// Set here, not left to the credential, so the transport knows every header value to scrub from answers.
		const timestamp = String(Date.now() + clockOffset(baseUrl));
		const options: IHttpRequestOptions = {
			method,
			url,
			headers: isPublic
				? { Accept: 'application/json' }
				: { Accept: 'application/json', 'X-Timestamp': timestamp },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect would resend the signed headers and body to wherever it points.
			disableFollowRedirect: true,
			timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		};
		if (method === 'POST') options.body = request.body ?? {};
		const secrets = [
			accessKey,
			secretKey,
			timestamp,
			secretKey ? sign(secretKey, accessKey + wire.pathname + timestamp + rawBody) : undefined,
		];

		let response: FullResponse;
		try {
			response = await send.call(this, options, isPublic);
		} catch (error) {
			if (error instanceof NodeApiError && !isTransportFailure(error)) {
				throw notSentError(node, credentialFailureMessage(error));
			}
			const reason = describeNetworkFailure(error);
			if (retrySafe && transientRetries < maxTransient) {
				await sleep(backoff(transientRetries++));
				continue;
			}
			throw networkError(node, reason, {
				route: context.route,
				outcomeUnknown: method === 'POST',
				checkHint: request.checkHint,
			});
		}

		const { statusCode, headers } = response;
		if (statusCode >= 200 && statusCode < 300) {
			const parsed = parseSuccessBody(response.body);
			if (parsed !== undefined) return parsed;
			if (retrySafe && transientRetries < maxTransient) {
				await sleep(backoff(transientRetries++));
				continue;
			}
			throw networkError(node, 'unreadable response', {
				route: context.route,
				outcomeUnknown: method === 'POST',
				checkHint: request.checkHint,
			});
		}

		if (statusCode >= 300 && statusCode < 400)
			throw redirectError(node, statusCode, headers?.location, context.route);

		const errorBody = readErrorBody(response.body, secrets);
		// 001k checks the timestamp before doing anything, so re-signing with its time is safe for any request.
		if (errorBody.code === 'timestamp.invalid' && !clockResynced) {
			clockResynced = true;
			await syncClock.call(this, baseUrl);
			continue;
		}
		if (statusCode === 429 && request.verification)
			throw rateLimitedError(node, context.route, retryAfterMs(headers, 0), true);
		if (
			statusCode === 429 &&
			retrySafe &&
			!request.noWait &&
			rateLimitWaits < MAX_RATE_LIMIT_WAITS
		) {
			await sleep(retryAfterMs(headers, rateLimitWaits++));
			continue;
		}
		if (statusCode >= 500 && retrySafe && transientRetries < maxTransient) {
			await sleep(backoff(transientRetries++));
			continue;
		}
		if (statusCode >= 500 && method === 'POST') {
			throw networkError(node, `server error ${statusCode}`, {
				route: context.route,
				outcomeUnknown: true,
				checkHint: request.checkHint,
			});
		}
		throw httpError(node, statusCode, errorBody, context);
	}
}

/** The text the credential signs: JSON.stringify of a POST's body, nothing for a GET. */
function bodyText(method: string, body?: IDataObject): string {
	return method === 'POST' ? JSON.stringify(body ?? {}) : '';
}

/** Checking the very text that will be signed knows a refusal before anything is sent. */
function refusalOf(
	credentials: ICredentialDataDecryptedObject,
	method: string,
	wire: URL,
	rawBody: string,
): string | undefined {
	return policyRefusal(credentials, method, wire.pathname, rawBody, {
		query: wire.search,
	});
}

/** The spending policy's verdict on a request as apiRequest would send it: undefined when it may be signed. */
export async function policyVerdict(
	this: ApiContext,
	route: Route,
	body?: IDataObject,
): Promise<string | undefined> {
	const credentials = await credentialsOf(this);
	const method = route.slice(0, route.indexOf(' '));
	return refusalOf(
		credentials,
		method,
		new URL(normalizeBaseUrl(credentials.baseUrl) + buildPath(route)),
		bodyText(method, body),
	);
}

/** Which 001k account a context's credential speaks for (base URL and access key; never the secret). */
export async function accountOf(this: ApiContext): Promise<string> {
	const credentials = await credentialsOf(this);
	return `${normalizeBaseUrl(credentials.baseUrl)}|${String(credentials.accessKey ?? '').trim()}`;
}

/** 001k's clock as far as the transport knows it: local time plus the skew learned from 001k. */
export async function serverNow(this: ApiContext): Promise<number> {
	const credentials = await credentialsOf(this);
	return Date.now() + clockOffset(normalizeBaseUrl(credentials.baseUrl));
}

/** `GET /status` and `GET /currency` are public (doc §1.7, §3.2): they go out unsigned. */
async function send(
	this: ApiContext,
	options: IHttpRequestOptions,
	isPublic: boolean,
): Promise<FullResponse> {
	const response = isPublic
		? await this.helpers.httpRequest(options)
		: await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options);
	return response as FullResponse;
}
