import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiRequest, CREDENTIAL_TYPE, type ApiContext } from '../../shared/transport';
import { normalizeBaseUrl, type Route } from '../../shared/endpoints';

/**
 * How long a copy of a reference list (methods, directions, pairs, currencies, AML tokens and
 * plans) is trusted: 001k changes them rarely and allows only 10–30 reads a minute of several.
 */
export const REFERENCE_LIFETIME_MS = 60_000;
/** Keys × lists kept; the oldest is dropped beyond it. */
const MAX_ENTRIES = 200;

interface Copy {
	list: IDataObject[];
	/** When the read that produced it was started: the data is at least this new. */
	readAt: number;
}

interface Entry {
	copy?: Copy;
	reading?: { startedAt: number; promise: Promise<Copy> };
}

/** Shared by every execution of this process; one entry per base URL, key pair and list. */
const store = new Map<string, Entry>();

export interface ListRead {
	/** undefined: no usable copy, so nothing can be checked against this list. */
	list?: IDataObject[];
	readAt?: number;
	/** true when this call read the list (rather than finding a copy in the store). */
	readNow: boolean;
	/** Set when the list is not a fresh copy: why, in one phrase. */
	note?: string;
}

/** The secret only enters a one-way fingerprint: two credentials share copies only if they are the same key pair. */
async function entryKey(context: ApiContext, route: Route): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const fingerprint = createHash('sha256')
		.update(String(credentials.secretKey ?? ''))
		.digest('hex')
		.slice(0, 16);
	return `${normalizeBaseUrl(credentials.baseUrl)}|${String(credentials.accessKey ?? '')}|${fingerprint}|${route}`;
}

function entryOf(key: string): Entry {
	let entry = store.get(key);
	if (!entry) {
		entry = {};
		store.set(key, entry);
		if (store.size > MAX_ENTRIES) store.delete(store.keys().next().value as string);
	}
	return entry;
}

/** One read per entry at a time: concurrent executions share it unless they need a read started after `newerThan`. */
function read(context: ApiContext, key: string, route: Route, newerThan?: number): Promise<Copy> {
	const entry = entryOf(key);
	if (entry.reading && (newerThan === undefined || entry.reading.startedAt >= newerThan))
		return entry.reading.promise;
	const startedAt = Date.now();
	const promise = (async () => {
		const answer = await apiRequest.call(context, { route, noWait: true });
		if (!Array.isArray(answer) || answer.some((item) => !item || typeof item !== 'object')) {
			throw new Error('an answer in an unrecognised shape');
		}
		const copy: Copy = { list: answer as IDataObject[], readAt: startedAt };
		if (!entry.copy || entry.copy.readAt <= startedAt) entry.copy = copy;
		return copy;
	})();
	const reading = { startedAt, promise };
	entry.reading = reading;
	const done = () => {
		if (entry.reading === reading) entry.reading = undefined;
	};
	promise.then(done, done);
	return promise;
}

function failureOf(error: unknown): string {
	if (error instanceof NodeApiError && error.httpCode === '429') return 'rate-limited';
	return error instanceof Error && error.message === 'an answer in an unrecognised shape'
		? 'answered in an unrecognised shape'
		: 'unavailable';
}

/**
 * A reference list as checks may use it: a copy within its lifetime, else a read that never waits
 * for a rate limit. When that read is refused or fails, an older copy is returned with a note (it
 * can only make a check refuse, never let through what no copy would), or none at all. With
 * `newerThan`, only a copy read since then counts (after 001k rejected what an older copy allowed).
 */
export async function readList(
	this: ApiContext,
	route: Route,
	newerThan?: number,
): Promise<ListRead> {
	const key = await entryKey(this, route);
	const stored = store.get(key)?.copy;
	const now = Date.now();
	if (
		stored &&
		now - stored.readAt <= REFERENCE_LIFETIME_MS &&
		(newerThan === undefined || stored.readAt >= newerThan)
	) {
		return { list: stored.list, readAt: stored.readAt, readNow: false };
	}
	try {
		const copy = await read(this, key, route, newerThan);
		return { list: copy.list, readAt: copy.readAt, readNow: true };
	} catch (error) {
		const reason = `${route} ${failureOf(error)}`;
		const older = store.get(key)?.copy;
		if (older && newerThan === undefined) {
			const age = Math.round((now - older.readAt) / 1000);
			return {
				list: older.list,
				readAt: older.readAt,
				readNow: false,
				note: `checked against a copy of ${route} read ${age} s ago (${reason})`,
			};
		}
		return { readNow: false, note: `not checked against ${route} (${reason})` };
	}
}

/** Keeps a list read elsewhere (e.g. a "Get Directions" operation) as the newest copy. */
export async function keepCopy(
	this: ApiContext,
	route: Route,
	list: unknown,
	readAt: number,
): Promise<void> {
	if (!Array.isArray(list) || list.some((item) => !item || typeof item !== 'object')) return;
	const entry = entryOf(await entryKey(this, route));
	if (!entry.copy || entry.copy.readAt <= readAt)
		entry.copy = { list: list as IDataObject[], readAt };
}
