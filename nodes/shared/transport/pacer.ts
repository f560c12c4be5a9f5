import { sleep } from 'n8n-workflow';

const WINDOW_MS = 60_000;
/** Covers the gap between when we send and when 001k counts the request. */
const MARGIN_MS = 500;

/** Send times (past and reserved) per API key and route, at most `perMinute` kept. */
const sendLog = new Map<string, number[]>();

/**
 * Waits until sending one more request keeps to `perMinute` requests in any 60-second window.
 * The slot is reserved before waiting, so concurrent callers cannot take the same one.
 */
export async function reserveSlot(key: string, perMinute?: number): Promise<void> {
	if (!perMinute) return;
	const now = Date.now();
	const log = (sendLog.get(key) ?? []).filter((at) => at > now - WINDOW_MS - MARGIN_MS);
	const slot =
		log.length < perMinute
			? now
			: Math.max(now, log[log.length - perMinute] + WINDOW_MS + MARGIN_MS);
	log.push(slot);
	if (log.length > perMinute) log.splice(0, log.length - perMinute);
	sendLog.set(key, log);
	if (slot > now) await sleep(slot - now);
}

/**
 * Reserves a slot only if one is free now: for lookups a request can do without, which must never
 * wait for the rate limit (false = the request would have had to wait, nothing reserved).
 */
export function tryReserveSlot(key: string, perMinute?: number): boolean {
	if (!perMinute) return true;
	const now = Date.now();
	const log = (sendLog.get(key) ?? []).filter((at) => at > now - WINDOW_MS - MARGIN_MS);
	if (log.length >= perMinute) return false;
	log.push(now);
	sendLog.set(key, log);
	return true;
}
