import { sleep } from 'n8n-workflow';

const WINDOW_MS = 60_000;
/** Covers the gap between when we send and when 001k counts the request. */
const MARGIN_MS = 500;
const SPAN_MS = WINDOW_MS + MARGIN_MS;

/**
 * How one route's per-minute budget is split between callback verification (the 001k Trigger) and
 * every other request (docs/trigger.md). Verification never waits and takes at most
 * CALLBACK_SHARE of the budget; while callbacks have asked within the last minute, waiting requests
 * leave CALLBACK_RESERVE of it free, so neither side can starve the other.
 */
export const CALLBACK_SHARE = 0.6;
export const CALLBACK_RESERVE = 0.1;

interface RouteLog {
	/** Send times (past and reserved), sorted, of every request on this key and route. */
	sends: number[];
	/** Send times of callback verification reads, sorted. */
	callbacks: number[];
	/** When a callback last asked for a slot (granted or not). */
	callbackDemandAt: number;
}

const logs = new Map<string, RouteLog>();

function logOf(key: string, now: number): RouteLog {
	let log = logs.get(key);
	if (!log) {
		log = { sends: [], callbacks: [], callbackDemandAt: -Infinity };
		logs.set(key, log);
	}
	const drop = (times: number[]) => {
		let old = 0;
		while (old < times.length && times[old] <= now - SPAN_MS) old++;
		if (old) times.splice(0, old);
	};
	drop(log.sends);
	drop(log.callbacks);
	return log;
}

function insertSorted(times: number[], at: number): void {
	let i = times.length;
	while (i > 0 && times[i - 1] > at) i--;
	times.splice(i, 0, at);
}

/** What waiting requests may use: all of it, or all but the reserve while callbacks are around. */
function waitingCap(log: RouteLog, perMinute: number, now: number): number {
	const reserve = Math.max(1, Math.floor(perMinute * CALLBACK_RESERVE));
	return now - log.callbackDemandAt < SPAN_MS ? Math.max(1, perMinute - reserve) : perMinute;
}

/**
 * The earliest time, from `now`, at which one more send keeps every 60-second window to `cap`:
 * sends already reserved later count too, so the answer holds whatever order callers come in.
 */
function earliest(times: number[], cap: number, now: number): number {
	return times.length < cap ? now : Math.max(now, times[times.length - cap] + SPAN_MS);
}

/**
 * Waits until sending one more request keeps to `perMinute` requests in any 60-second window.
 * The slot is reserved before waiting, so concurrent callers cannot take the same one.
 */
export async function reserveSlot(key: string, perMinute?: number): Promise<void> {
	if (!perMinute) return;
	const now = Date.now();
	const log = logOf(key, now);
	const slot = earliest(log.sends, waitingCap(log, perMinute, now), now);
	insertSorted(log.sends, slot);
	if (slot > now) await sleep(slot - now);
}

/**
 * Reserves a slot only if one is free now: for lookups a request can do without, which must never
 * wait for the rate limit (false = the request would have had to wait, nothing reserved).
 */
export function tryReserveSlot(key: string, perMinute?: number): boolean {
	if (!perMinute) return true;
	const now = Date.now();
	const log = logOf(key, now);
	if (earliest(log.sends, waitingCap(log, perMinute, now), now) > now) return false;
	insertSorted(log.sends, now);
	return true;
}

/**
 * A slot for a callback's verification read, now or never: 0 when reserved, otherwise the
 * milliseconds until one may be free (what the trigger tells 001k in Retry-After).
 */
export function tryReserveCallbackSlot(key: string, perMinute?: number): number {
	if (!perMinute) return 0;
	const now = Date.now();
	const log = logOf(key, now);
	log.callbackDemandAt = now;
	const share = Math.max(1, Math.floor(perMinute * CALLBACK_SHARE));
	const at = Math.max(earliest(log.sends, perMinute, now), earliest(log.callbacks, share, now));
	if (at > now) return at - now;
	insertSorted(log.sends, now);
	insertSorted(log.callbacks, now);
	return 0;
}
