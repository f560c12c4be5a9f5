import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { OPERATION_TYPES, normalizeStatus, type OperationTypeName } from '../shared/operationTypes';
import { accountOf, apiRequest } from '../shared/transport';
import { RateLimitedError, isNotFound } from '../shared/transport/errors';
import { MAX_OFFSET, MAX_PAGE_SIZE } from '../shared/transport/pagination';

/** What the API says about one callback. Only `confirmed` may start a workflow. */
export type Verdict =
	| { kind: 'confirmed'; operation: IDataObject }
	| { kind: 'mismatch' }
	| { kind: 'notFound' }
	| { kind: 'retry'; afterMs: number }
	| { kind: 'failed' };

interface Claim {
	code: string;
	/** The status as the callback spells it (lower case): the list filter, never trusted. */
	status: string;
	/** The callback's created_at (timestamp for transfers) in ms: narrows the list query, never trusted. */
	time?: number;
}

interface Waiting {
	claim: Claim;
	context: IWebhookFunctions;
	resolve: (verdict: Verdict) => void;
}

/**
 * In a burst, a batch starts this long after the previous one began (or once a page's worth waits),
 * so a burst costs a few list reads a second; a lone callback never waits for it.
 */
const GATHER_MS = 200;
const GATHER_STEP_MS = 10;
const MAX_BATCH = 2_000;
/** Single GETs a batch runs at once for what its list pages did not confirm. */
const LOOKUP_CONCURRENCY = 20;
const STATUS_FILTER = /^[a-z_]{1,32}$/;

/** Callbacks waiting, per 001k account and operation type; one batch at a time runs for each. */
const groups = new Map<string, { queue: Waiting[]; running: boolean }>();
/** Identical callbacks waiting together share one verdict. */
const inFlight = new Map<string, Promise<Verdict>>();

/**
 * Verifies a callback with the 001k API. A callback that finds nothing else waiting is verified at
 * once with the single GET (as before batching); callbacks that arrive while that runs are gathered
 * and read together from the list endpoint, 200 per page, and only what the pages do not confirm
 * costs a single GET. Reads use the callbacks' share of the key's budget and never wait for it.
 */
export async function verifyCallback(
	this: IWebhookFunctions,
	type: OperationTypeName,
	callback: IDataObject,
	code: string,
): Promise<Verdict> {
	const account = await accountOf.call(this);
	const status = String(callback.status ?? '')
		.trim()
		.toLowerCase();
	const sharedKey = `${account}|${type}|${code}|${status}`;
	const shared = inFlight.get(sharedKey);
	if (shared) return await shared;

	const time = Date.parse(String(callback[OPERATION_TYPES[type].timeField] ?? ''));
	const claim: Claim = { code, status, time: Number.isFinite(time) ? time : undefined };
	const groupKey = `${account}|${type}`;
	let group = groups.get(groupKey);
	if (!group) {
		group = { queue: [], running: false };
		groups.set(groupKey, group);
	}
	const queued = group;
	const verdict = new Promise<Verdict>((resolve) => {
		queued.queue.push({ claim, context: this, resolve });
		if (!queued.running) void drain(queued, groupKey, type);
	});
	inFlight.set(sharedKey, verdict);
	try {
		return await verdict;
	} finally {
		inFlight.delete(sharedKey);
	}
}

async function drain(
	group: { queue: Waiting[]; running: boolean },
	groupKey: string,
	type: OperationTypeName,
): Promise<void> {
	group.running = true;
	let lastStart = -Infinity;
	while (group.queue.length) {
		while (group.queue.length < MAX_PAGE_SIZE && Date.now() < lastStart + GATHER_MS)
			await sleep(GATHER_STEP_MS);
		lastStart = Date.now();
		const batch = group.queue.splice(0, MAX_BATCH);
		const verdicts = await verifyBatch(type, batch).catch(() => batch.map(() => failed));
		batch.forEach((waiting, i) => waiting.resolve(verdicts[i]));
	}
	group.running = false;
	groups.delete(groupKey);
}

const failed: Verdict = { kind: 'failed' };

async function verifyBatch(type: OperationTypeName, batch: Waiting[]): Promise<Verdict[]> {
	const context = batch[0].context;
	if (batch.length === 1) return [await single(context, type, batch[0].claim)];

	const confirmed = new Map<string, IDataObject>();
	// A batch reads at most one page per 200 callbacks and two more, biggest status group first.
	let pages = Math.ceil(batch.length / MAX_PAGE_SIZE) + 2;
	for (const claims of byQuery(
		type,
		batch.map((w) => w.claim),
	)) {
		if (pages <= 0) break;
		const read = await fromList(context, type, claims, pages);
		pages -= read.pages;
		for (const [code, operation] of read.found) confirmed.set(code, operation);
	}
	const verdicts: Verdict[] = batch.map((w) => {
		const operation = confirmed.get(w.claim.code);
		return operation && sameStatus(type, operation, w.claim)
			? { kind: 'confirmed', operation }
			: failed;
	});
	const rest = batch.map((w, i) => i).filter((i) => verdicts[i].kind !== 'confirmed');
	let limited: Verdict | undefined;
	for (let from = 0; from < rest.length; from += LOOKUP_CONCURRENCY) {
		await Promise.all(
			rest.slice(from, from + LOOKUP_CONCURRENCY).map(async (i) => {
				// Once the callbacks' share is spent, the rest are not tried: 001k calls them back.
				verdicts[i] = limited ?? (await single(context, type, batch[i].claim));
				if (verdicts[i].kind === 'retry') limited = verdicts[i];
			}),
		);
	}
	return verdicts;
}

function sameStatus(type: OperationTypeName, operation: IDataObject, claim: Claim): boolean {
	return normalizeStatus(type, operation.status) === normalizeStatus(type, claim.status);
}

/** Claims grouped by the list query that can find them (one documented status, with or without a time window), biggest first. */
function byQuery(type: OperationTypeName, claims: Claim[]): Claim[][] {
	const queries = new Map<string, Claim[]>();
	const seen = new Set<string>();
	for (const claim of claims) {
		const known = OPERATION_TYPES[type].statuses.includes(normalizeStatus(type, claim.status));
		if (!known || !STATUS_FILTER.test(claim.status) || seen.has(`${claim.code}|${claim.status}`))
			continue;
		seen.add(`${claim.code}|${claim.status}`);
		const key = `${claim.status}|${claim.time === undefined ? 'any' : 'window'}`;
		queries.set(key, [...(queries.get(key) ?? []), claim]);
	}
	return [...queries.values()].sort((a, b) => b.length - a.length);
}

const isoSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Reads the list newest first, filtered by the claimed status and the claimed times, until every
 * claim is found or `ceil(n / 200) + 1` pages (and no more than the batch has left) are read: a
 * forged hint can widen the window but not lengthen the read. What it did not confirm falls back
 * to single GETs.
 */
async function fromList(
	context: IWebhookFunctions,
	type: OperationTypeName,
	claims: Claim[],
	pageBudget: number,
): Promise<{ found: Map<string, IDataObject>; pages: number }> {
	const facts = OPERATION_TYPES[type];
	const wanted = new Map(claims.map((claim) => [claim.code, claim]));
	const found = new Map<string, IDataObject>();
	const times = claims.flatMap((claim) => (claim.time === undefined ? [] : [claim.time]));
	const qs: IDataObject = {
		status: claims[0].status,
		start_at: times.length ? isoSecond(Math.floor(Math.min(...times) / 1000) * 1000) : undefined,
		end_at: times.length ? isoSecond(Math.ceil(Math.max(...times) / 1000) * 1000) : undefined,
		limit: MAX_PAGE_SIZE,
	};
	const maxPages = Math.min(pageBudget, Math.ceil(claims.length / MAX_PAGE_SIZE) + 1);
	let offset = 0;
	let page = 0;
	for (; page < maxPages && wanted.size && offset <= MAX_OFFSET; page++) {
		let objects: unknown;
		try {
			objects = await apiRequest.call(context, {
				route: facts.listRoute,
				qs: { ...qs, offset },
				verification: true,
			});
		} catch {
			page++;
			break;
		}
		if (!Array.isArray(objects)) {
			page++;
			break;
		}
		for (const object of objects as IDataObject[]) {
			const claim = wanted.get(String(object?.code));
			if (!claim || !sameStatus(type, object, claim)) continue;
			found.set(claim.code, object);
			wanted.delete(claim.code);
		}
		if (objects.length < MAX_PAGE_SIZE) {
			page++;
			break;
		}
		offset += objects.length;
	}
	return { found, pages: page };
}

async function single(
	context: IWebhookFunctions,
	type: OperationTypeName,
	claim: Claim,
): Promise<Verdict> {
	let operation: IDataObject;
	try {
		operation = (await apiRequest.call(context, {
			route: OPERATION_TYPES[type].getRoute,
			code: claim.code,
			verification: true,
		})) as IDataObject;
	} catch (error) {
		if (error instanceof RateLimitedError) return { kind: 'retry', afterMs: error.retryAfterMs };
		// Not found (a 404, or a not-found code under another status): forged or of another type.
		return isNotFound(error) ? { kind: 'notFound' } : failed;
	}
	// Stale (001k moved on; its final state is always called back) or forged: either way, not an event.
	return sameStatus(type, operation, claim)
		? { kind: 'confirmed', operation }
		: { kind: 'mismatch' };
}
