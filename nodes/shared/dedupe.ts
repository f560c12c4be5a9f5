import type { IDataObject, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

/** Keys kept in workflow static data (survives restarts) and in this process (catches concurrent repeats). */
const STATIC_LIMIT = 2_000;
const MEMORY_LIMIT = 10_000;

/**
 * Final states are kept apart, by (type, code), for 30 days: far longer than 001k retries a
 * callback (minutes), so a replayed final callback never starts the workflow twice however many
 * other events come in between. The cap only bounds storage (10,000 keys, about 300 KB).
 */
const FINAL_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
const FINAL_LIMIT = 10_000;

/**
 * Non-final (type, code, status) keys are kept by time too, for the same 30 days, so a replayed
 * genuine non-final callback does not start the workflow again however many events came between.
 * The cap (10,000 keys) only bounds storage.
 */
const NON_FINAL_WINDOW_MS = FINAL_WINDOW_MS;
const NON_FINAL_LIMIT = 10_000;

/**
 * How long the in-process memory stops a repeat. n8n can still fail to start the execution after the
 * trigger returned (in queue mode a database error, answered 500); 001k then calls back again, and
 * that retry must pass, or the event is lost. So memory only stops repeats in flight together;
 * later ones are stopped by static data, which n8n saves only once the execution has started.
 */
const IN_FLIGHT_MS = 10_000;

const memory = new Map<string, Map<string, number>>();

export function scopeOf(this: IWebhookFunctions | IPollFunctions): string {
	return `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
}

function recentFor(this: IWebhookFunctions | IPollFunctions): Map<string, number> {
	const scope = scopeOf.call(this);
	let recent = memory.get(scope);
	if (!recent) {
		recent = new Map();
		memory.set(scope, recent);
	}
	return recent;
}

function inFlight(recent: Map<string, number>, key: string): boolean {
	const at = recent.get(key);
	return at !== undefined && Date.now() - at < IN_FLIGHT_MS;
}

function timesOf(data: IDataObject, field: 'finals' | 'nonFinals'): Record<string, number> {
	const times = data[field];
	return times && typeof times === 'object' && !Array.isArray(times)
		? (times as Record<string, number>)
		: {};
}

/** Whether a key (or, for a final status, its operation's final key) was already remembered, without remembering it. */
export function wasSeen(
	this: IWebhookFunctions | IPollFunctions,
	key: string,
	finalKey?: string,
): boolean {
	const data = this.getWorkflowStaticData('node');
	const stored = data.seen;
	const recent = recentFor.call(this);
	if (finalKey && (inFlight(recent, finalKey) || timesOf(data, 'finals')[finalKey] !== undefined))
		return true;
	if (inFlight(recent, key) || isRecent(timesOf(data, 'nonFinals')[key], NON_FINAL_WINDOW_MS))
		return true;
	return Array.isArray(stored) && (stored as string[]).includes(key);
}

/**
 * True the first time a key is seen for this trigger node, false after. n8n saves static data
 * once per webhook call, so two identical callbacks in flight at once would both pass a static-data
 * check alone; the in-process set, checked and updated synchronously, stops the second one.
 * `finalKey` (type:code) marks a final status: once remembered, no final status of that operation passes again.
 */
export function rememberOnce(
	this: IWebhookFunctions | IPollFunctions,
	key: string,
	finalKey?: string,
): boolean {
	if (wasSeen.call(this, key, finalKey)) return false;
	const recent = recentFor.call(this);
	const data = this.getWorkflowStaticData('node');
	const stored = Array.isArray(data.seen) ? (data.seen as string[]) : [];

	for (const entry of finalKey ? [key, finalKey] : [key]) {
		recent.delete(entry); // re-inserted last, so the oldest entry is first
		recent.set(entry, Date.now());
		if (recent.size > MEMORY_LIMIT) recent.delete(recent.keys().next().value as string);
	}
	stored.push(key);
	data.seen = stored.length > STATIC_LIMIT ? stored.slice(stored.length - STATIC_LIMIT) : stored;
	if (finalKey)
		data.finals = withKey(timesOf(data, 'finals'), finalKey, FINAL_WINDOW_MS, FINAL_LIMIT);
	else
		data.nonFinals = withKey(timesOf(data, 'nonFinals'), key, NON_FINAL_WINDOW_MS, NON_FINAL_LIMIT);
	return true;
}

function isRecent(at: unknown, windowMs: number): boolean {
	return typeof at === 'number' && Date.now() - at < windowMs;
}

/** Adds a key and drops those past the window, then the oldest beyond the cap (insertion order is time order). */
function withKey(
	times: Record<string, number>,
	key: string,
	windowMs: number,
	limit: number,
): Record<string, number> {
	const now = Date.now();
	const kept = Object.entries(times).filter(([entry]) => entry !== key);
	const fresh = kept.filter(([, at]) => isRecent(at, windowMs));
	fresh.push([key, now]);
	return Object.fromEntries(fresh.slice(Math.max(0, fresh.length - limit)));
}
