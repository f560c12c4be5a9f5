import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiRequest, serverNow } from '../../shared/transport';
import { apiErrorOf, mayHaveCommitted } from '../../shared/transport/errors';
import { reconcile, sentByThisExecution, wasSentByThisExecution } from './reconcile';
import type { Route } from '../../shared/endpoints';
import { compareDecimals, isDecimal } from '../../shared/decimal';
import { OPERATION_TYPES, type OperationTypeName } from '../../shared/operationTypes';
import { assertPolicyAllows } from './policy';
import { waitIfAsked } from './completion';
import { readSeconds } from './parameters';

/**
 * An operation 001k created this long before our request was sent cannot be the one we asked for:
 * 001k accepts requests within 5 s of its clock, and `created_at` has whole seconds.
 */
const REPLAY_MARGIN_MS = 7_000;

/** How long the custom_id lookup after a lost answer may take, whatever the create's Request Timeout. */
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * 001k says the custom_id is taken, so the operation exists: a 409, or its code or field naming the
 * custom_id under another status (the doc names none). A refusal whose body gives no code may be one.
 */
function mayBeConflict(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = Number(error.httpCode);
	const { code, field } = apiErrorOf(error);
	if (status === 409 || /custom_id|conflict|duplicate/i.test(code ?? '') || field === 'custom_id')
		return true;
	// Unsure: the custom_id is looked up, which is always safe. Auth, permission, not found and rate limits say nothing of it.
	return status >= 400 && status < 500 && ![401, 403, 404, 429].includes(status) && !code;
}

function valueAt(op: IDataObject, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(at, key) => (at && typeof at === 'object' ? (at as IDataObject)[key] : undefined),
			op,
		);
}

function same(field: string, asked: unknown, found: unknown): boolean {
	if (isDecimal(asked) && isDecimal(found)) return compareDecimals(asked, found) === 0;
	// 001k may answer an email recipient with the user's ID: only like can be compared with like.
	if (field === 'recipient' && String(asked).includes('@') !== String(found).includes('@'))
		return true;
	return String(asked).trim() === String(found).trim();
}

/** Fields sent in a spelling 001k's lists do not name (btc_native where /withdrawal-methods says BTC): 001k may answer the listed one. */
const unlistedSpellings = new WeakMap<IDataObject, Set<string>>();

/** Marks a field of a create's body as spelled as no list names it, so an answer in another spelling is not taken for another request. */
export function sentUnlisted(body: IDataObject, field: string): void {
	const fields = unlistedSpellings.get(body) ?? new Set<string>();
	fields.add(field);
	unlistedSpellings.set(body, fields);
}

/**
 * Refuses an operation that 001k returned for this custom_id when it is not what this item asks
 * for (an idempotent replay of a different request): outputting it would report money as moved
 * that was not, or moved elsewhere.
 */
export function assertSameIntent(
	this: IExecuteFunctions,
	itemIndex: number,
	type: OperationTypeName,
	body: IDataObject,
	op: IDataObject,
): void {
	const { intentFields, label } = OPERATION_TYPES[type];
	const differences: string[] = [];
	let compared = 0;
	for (const [field, ...answerPaths] of intentFields) {
		const asked = body[field];
		if (
			asked === undefined ||
			asked === null ||
			asked === '' ||
			unlistedSpellings.get(body)?.has(field)
		)
			continue;
		const found = answerPaths
			.map((p) => valueAt(op, p))
			.find((v) => v !== undefined && v !== null && v !== '');
		if (found === undefined) continue;
		compared++;
		if (!same(field, asked, found))
			differences.push(`${field} ${JSON.stringify(found)} instead of ${JSON.stringify(asked)}`);
	}
	if (!differences.length && compared) return;
	const what = differences.length
		? `it has ${differences.join(', ')}`
		: 'its answer shows none of the fields this request sets';
	throw new NodeOperationError(
		this.getNode(),
		`001k answered custom_id "${String(body.custom_id)}" with existing ${label.toLowerCase()} ${String(op.code)}, which is not this request: ${what}`,
		{
			itemIndex,
			description: `Nothing new was created for this item. Another request already used this custom_id. Give this ${label.toLowerCase()} its own Custom ID (or use Automatic), or check ${String(op.code)} with "${label} → Get".`,
		},
	);
}

function createdMs(op: IDataObject): number {
	return Date.parse(String(op.created_at ?? op.timestamp ?? ''));
}

/** The operation 001k holds under this custom_id, if exactly one. */
async function findByCustomId(
	this: IExecuteFunctions,
	type: OperationTypeName,
	customId: string,
	timeoutMs?: number,
): Promise<IDataObject | undefined> {
	const found = (await apiRequest.call(this, {
		route: OPERATION_TYPES[type].listRoute,
		qs: { custom_id: customId, limit: 2 },
		timeoutMs,
	})) as IDataObject[];
	return Array.isArray(found) && found.length === 1 ? found[0] : undefined;
}

/**
 * Sends a money-moving create exactly once and says when the answer is an operation that already
 * existed (`replayed: true`). A custom_id is looked up first, so a Retry, a duplicated trigger
 * event or a reused invoice number returns the existing operation. The transport resends a lost
 * request that has a custom_id; if every attempt went unanswered, or 001k says the custom_id is
 * taken, it is looked up again. Whatever 001k returns is checked against the request.
 */
export async function sendCreate(
	this: IExecuteFunctions,
	itemIndex: number,
	type: OperationTypeName,
	route: Route,
	body: IDataObject,
	timeoutMs?: number,
): Promise<IDataObject> {
	const { label } = OPERATION_TYPES[type];
	const customId = typeof body.custom_id === 'string' ? body.custom_id : undefined;
	const sentAt = await serverNow.call(this);
	const answer = (op: IDataObject, replayed: boolean) => {
		assertSameIntent.call(this, itemIndex, type, body, op);
		// "replayed" means made by an earlier execution or event, never by an earlier try of this one (Retry On Fail).
		if (customId && wasSentByThisExecution.call(this, customId)) return op;
		return replayed || createdMs(op) < sentAt - REPLAY_MARGIN_MS ? asReplayed(type, op) : op;
	};
	await assertPolicyAllows.call(this, itemIndex, route, body);
	if (customId) {
		// Best effort: if the list cannot be read, the create still carries the custom_id and 001k dedupes it.
		const existing = await findByCustomId
			.call(this, type, customId, timeoutMs)
			.catch(() => undefined);
		if (existing) return answer(existing, true);
		// A retry whose earlier attempt n8n never saved: that attempt's custom_id is unknowable, so 001k is searched.
		const earlier = await reconcile.call(this, itemIndex, type, body);
		if (earlier) return { ...answer(earlier, true), reconciled: true };
		sentByThisExecution.call(this, customId);
	}
	const checkHint = customId
		? `Search "${label} → Get Many" with the filter Custom ID = ${customId}.`
		: `Search "${label} → Get Many" for operations created in the last minutes.`;
	let failure: unknown;
	try {
		return answer(
			(await apiRequest.call(this, { route, body, checkHint, timeoutMs })) as IDataObject,
			false,
		);
	} catch (error) {
		failure = error;
	}
	// Only a typed "may have committed" (lost answer, 429/5xx after retries) or a custom_id conflict is looked up:
	// a refusal, a 4xx verdict or a different operation decided nothing was created.
	const conflict = mayBeConflict(failure);
	if (!customId || !(mayHaveCommitted(failure) || conflict)) throw failure;
	// Settling what happened matters more than the Request Timeout here: a GET is safe to wait for.
	const found = await findByCustomId
		.call(this, type, customId, Math.max(timeoutMs ?? 0, SETTLE_TIMEOUT_MS))
		.catch(() => undefined);
	if (!found) throw failure;
	return answer(found, conflict);
}

/**
 * An operation made by an earlier execution or event, said in words too: an AI agent reads the
 * tool's answer as text and must tell its user that nothing new was paid.
 */
function asReplayed(type: OperationTypeName, op: IDataObject): IDataObject {
	const what = OPERATION_TYPES[type].label.toLowerCase();
	const made = op.created_at ?? op.timestamp;
	return {
		...op,
		replayed: true,
		replayedNote: `Not made again: this request matches ${what} ${String(op.code)}${made ? `, made at ${String(made)}` : ''} by an earlier run; nothing new was created. To make the same ${what} again on purpose, give it its own Custom ID.`,
	};
}

/** sendCreate, then "Wait for Completion" if asked. */
export async function createOnce(
	this: IExecuteFunctions,
	itemIndex: number,
	type: OperationTypeName,
	route: Route,
	body: IDataObject,
): Promise<IDataObject> {
	const timeoutMs =
		readSeconds.call(this, itemIndex, 'requestTimeout', 'Request Timeout', 30, 600) * 1000;
	const created = await sendCreate.call(this, itemIndex, type, route, body, timeoutMs);
	const final = await waitIfAsked.call(this, itemIndex, type, created);
	return created.replayed
		? { ...final, replayed: true, replayedNote: created.replayedNote }
		: final;
}
