import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AUTH_ERRORS, oneSentence } from '../authErrors';

/** What our request headers carried (access key, timestamp, signature) and the secret: none of it may reach an error. */
export type Secrets = Array<string | undefined>;

const HEADER_ECHO = /(x-(?:signature|access-key|timestamp)["']?\s*[:=]\s*["']?)[^"',;\s}]+/gi;

/** Removes header values and key material from text a server sent, before it goes into an error. */
export function scrub(text: string | undefined, secrets: Secrets = []): string | undefined {
	if (text === undefined) return undefined;
	let clean = text.replace(HEADER_ECHO, '$1[redacted]');
	for (const value of secrets) {
		if (value && value.length >= 4) clean = clean.split(value).join('[redacted]');
	}
	return clean;
}

export interface ApiErrorBody {
	code?: string;
	message?: string;
	field?: string;
}

/**
 * 001k's error body is not specified; accept `{error:{code,message}}`, `{error:"code"}` and flat
 * forms. Its texts are scrubbed of anything our request headers carried.
 */
export function readErrorBody(body: unknown, secrets: Secrets = []): ApiErrorBody {
	const read = readRawErrorBody(body);
	const clean: ApiErrorBody = {};
	if (read.code !== undefined)
		clean.code = /^[\w.-]{1,64}$/.test(read.code) ? read.code : scrub(read.code, secrets);
	if (read.message !== undefined) clean.message = scrub(read.message, secrets);
	if (read.field !== undefined) clean.field = scrub(read.field, secrets);
	return clean;
}

function readRawErrorBody(body: unknown): ApiErrorBody {
	if (typeof body === 'string') {
		try {
			return readRawErrorBody(JSON.parse(body));
		} catch {
			// A cut-off or HTML answer: keep the error code if it is legible, never echo the raw text.
			return { code: /"code"\s*:\s*"([\w.]+)"/.exec(body)?.[1] };
		}
	}
	if (!body || typeof body !== 'object') return {};
	const record = body as Record<string, unknown>;
	const inner = record.error;
	if (inner && typeof inner === 'object') return readRawErrorBody(inner);
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	return {
		code: text(record.code) ?? text(inner) ?? text(record.detail),
		message: text(record.message) ?? text(record.description),
		field: text(record.field),
	};
}

export function permissionHint(permission?: string): string {
	return permission
		? `Enable the "${permission}" permission on this API key in your 001k account.`
		: 'Enable the matching permission on this API key in your 001k account.';
}

/** Builds the node error for an HTTP error response. Only sanitized fields go into it, never headers. */
export function httpError(
	node: INode,
	statusCode: number,
	body: ApiErrorBody,
	context: { route: string; permission?: string },
): NodeApiError {
	const code = body.code ?? '';
	const known = AUTH_ERRORS[code];
	let message: string;
	let hint: string;
	if (known) {
		({ message, hint } = known);
	} else if (code.startsWith('permission') || (statusCode === 403 && !code)) {
		message = `This API key may not call ${context.route}`;
		hint = permissionHint(context.permission);
	} else if (statusCode === 404 || isNotFoundCode(code)) {
		message = body.message ?? 'Not found';
		hint = 'Check the code: it must be the code 001k returned when the operation was created.';
	} else if (statusCode === 429) {
		message = "001k's rate limit refused the request, so nothing was carried out";
		hint =
			'Try again later, lower the number of items per execution or spread the work over time. Creates with a Custom ID are retried after the wait 001k asks for.';
	} else if (statusCode >= 500) {
		message = `001k answered with a server error (${statusCode})`;
		hint = 'This is a problem on the 001k side; try again later.';
	} else {
		message = body.message ?? `001k rejected the request (${statusCode})`;
		hint = body.field
			? `Check the "${body.field}" parameter.`
			: 'Check the parameters of this operation.';
	}
	const response: JsonObject = {
		code: code || String(statusCode),
		message: body.message ?? message,
	};
	if (body.field) response.field = body.field;
	return new NodeApiError(node, response, {
		message: code ? `${message} [${code}]` : message,
		description: hint,
		httpCode: String(statusCode),
	});
}

/**
 * A request whose answer never came (or came unusable): 001k may have carried it out. The flag,
 * not the wording, is what callers test (see `mayHaveCommitted`).
 */
export class OutcomeUnknownError extends NodeApiError {
	readonly outcomeUnknown = true;
}

export function networkError(
	node: INode,
	reason: string,
	context: { route: string; outcomeUnknown: boolean; checkHint?: string },
): NodeApiError {
	const message = context.outcomeUnknown
		? `Outcome unknown: ${context.route} was sent but no answer came back (${reason}). It may or may not have been carried out.`
		: `Could not reach the 001k API (${reason})`;
	const hint = context.outcomeUnknown
		? `${context.checkHint ?? 'Look the operation up with "Get Many" before trying again.'} Set a Custom ID on creates so the node can retry them safely.`
		: 'Check the Base URL in the 001k credential and that this n8n server can reach it.';
	const ErrorClass = context.outcomeUnknown ? OutcomeUnknownError : NodeApiError;
	return new ErrorClass(node, { code: reason, message }, { message, description: hint });
}

/** A request that was never sent (refused by the credential or its spending policy): it cannot have committed. */
export class NotSentError extends NodeOperationError {
	readonly notSent = true;
}

export function notSentError(node: INode, message: string): NotSentError {
	return new NotSentError(node, message, { description: 'Nothing was sent to 001k.' });
}

/** A 3xx: signed requests never follow one, as that would resend the signed headers and body elsewhere. */
export function redirectError(
	node: INode,
	statusCode: number,
	location: unknown,
	route: string,
): NodeApiError {
	const target =
		typeof location === 'string' && location ? location.slice(0, 300) : '(no Location header)';
	const message = `001k answered ${route} with a redirect (${statusCode}) to ${target}; the signed request was not re-sent there`;
	return new NodeApiError(
		node,
		{ code: `redirect.${statusCode}`, message },
		{
			message,
			description:
				'The 001k API does not redirect. Check the Base URL in the 001k credential (scheme, host and path) and any proxy in between.',
			httpCode: String(statusCode),
		},
	);
}

/**
 * Whether a failed create may still have gone through: its answer was lost (typed, never by the
 * message text), or retries ended on 429 or 5xx after an attempt. A 4xx other than 429 is 001k's
 * verdict on the request itself, and a request that was never sent cannot have committed.
 */
export function mayHaveCommitted(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	if ((error as { outcomeUnknown?: unknown }).outcomeUnknown === true) return true;
	const status = Number(error.httpCode);
	return status === 429 || status >= 500;
}

/** Only a fixed vocabulary leaves this function: never the underlying error, which holds headers. */
export function describeNetworkFailure(error: unknown): string {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const code = (current as { code?: unknown }).code;
		if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection reset';
		if (code === 'ECONNREFUSED') return 'connection refused';
		if (code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'ESOCKETTIMEDOUT')
			return 'timed out';
		if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
		current = (current as { cause?: unknown }).cause;
	}
	const text = error instanceof Error ? error.message : '';
	if (/timeout/i.test(text)) return 'timed out';
	if (/socket hang up|reset/i.test(text)) return 'connection reset';
	return 'network error';
}

/** n8n wraps both network failures and errors thrown by the credential's `authenticate` alike. */
export function isTransportFailure(error: NodeApiError): boolean {
	const cause =
		(error as { cause?: unknown }).cause ?? (error as { errorResponse?: unknown }).errorResponse;
	const root = cause as { isAxiosError?: boolean; code?: unknown; request?: unknown } | undefined;
	return Boolean(root && (root.isAxiosError || typeof root.code === 'string' || root.request));
}

export function credentialFailureMessage(error: NodeApiError): string {
	const cause = (error as { cause?: unknown }).cause as JsonObject | undefined;
	const text = typeof cause?.message === 'string' ? cause.message : error.message;
	return text || 'The 001k credential could not sign the request';
}

/** The code and field of 001k's error body as httpError kept them; no code when the body gave none. */
export function apiErrorOf(error: unknown): ApiErrorBody {
	if (!(error instanceof NodeApiError)) return {};
	const response = (error.errorResponse ?? {}) as Record<string, unknown>;
	const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
	// httpError puts the status where the body had no code.
	const code = text(response.code);
	return { code: code === error.httpCode ? undefined : code, field: text(response.field) };
}

const isNotFoundCode = (code: string) => /(^|\.)not[._-]?found$/i.test(code);

/** 001k says there is no such operation: a 404, or a not-found code under any status (the doc names no status for it). */
export function isNotFound(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	return error.httpCode === '404' || isNotFoundCode(apiErrorOf(error).code ?? '');
}

/** A callback's verification read that was not sent (or was refused) for the rate limit: it never waits. */
export class RateLimitedError extends NodeApiError {
	/** When a slot may be free again: what the trigger passes on to 001k as Retry-After. */
	retryAfterMs = 1_000;
}

export function rateLimitedError(
	node: INode,
	route: string,
	retryAfterMs: number,
	sent: boolean,
): RateLimitedError {
	const message = sent
		? `001k's rate limit refused ${route}`
		: `Not sent: ${route} would exceed the share of the rate limit kept for callbacks now`;
	const error = new RateLimitedError(
		node,
		{ code: sent ? 'rate_limit' : 'rate_limit.paced', message },
		{ message, description: 'Retry later.', httpCode: '429' },
	);
	error.retryAfterMs = Math.max(1_000, Math.ceil(retryAfterMs));
	return error;
}

/**
 * An error as one sentence, cause and fix: n8n's editor shows a failed dropdown's error message
 * alone (a NodeApiError even as "[object Object]"), so the fix must be in the message itself.
 */
export function editorMessage(error: unknown): string {
	if (error instanceof NodeApiError || error instanceof NodeOperationError)
		return oneSentence(error.message, error.description ?? undefined);
	return oneSentence(error instanceof Error ? error.message : String(error));
}

/**
 * The error for a failure in the editor (a dropdown, a trigger's activation): a NodeOperationError
 * whose message is the sentence. n8n 2.41's REST layer sends a NodeApiError's fields and its editor
 * then shows the object, not the message; any other error reaches the editor as its message.
 */
export function editorError(node: INode, error: unknown): NodeOperationError {
	return new NodeOperationError(node, editorMessage(error));
}
