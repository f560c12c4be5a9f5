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
	const slot = log.length < perMinute ? now : Math.max(now, log[log.length - perMinute] + WINDOW_MS + MARGIN_MS);
	log.push(slot);
	if (log.length > perMinute) log.splice(0, log.length - perMinute);
	sendLog.set(key, log);
	if (slot > now) await sleep(slot - now);
}
