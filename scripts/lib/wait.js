'use strict';
// Waiting for a condition with a bound, for the e2e and browser steps: a loaded machine (2 cores,
// load 12) may take seconds to draw a list or finish an execution, so a step reads again until what
// it needs is there, never once.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads `read()` until `ok(value)` holds and returns that value (a read that throws counts as not yet); after `timeoutMs` throws
 * `<what>: not within <n> s; last seen <show(value)>`, or with `orLastSeen` returns the last value
 * read (for a caller whose own assertions then say what is missing).
 * @template T
 * @param {string} what the condition, as the failure message names it
 * @param {() => Promise<T> | T} read
 * @param {(value: T) => boolean} ok
 * @param {{ timeoutMs?: number, everyMs?: number, show?: (value: T) => string,
 *          orLastSeen?: boolean }} [options]
 * @returns {Promise<T>}
 */
async function waitUntil(
	what,
	read,
	ok,
	{ timeoutMs = 60000, everyMs = 250, show = (v) => JSON.stringify(v), orLastSeen = false } = {},
) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		// A read that throws (a busy n8n dropping a connection) is read again, like one not yet ok.
		let value;
		let failure;
		try {
			value = await read();
			if (ok(value)) return value;
		} catch (error) {
			failure = error;
		}
		if (Date.now() >= deadline) {
			if (failure)
				throw new Error(
					`${what}: not within ${timeoutMs / 1000} s; last read failed: ${failure.message}`,
				);
			if (orLastSeen) return value;
			throw new Error(`${what}: not within ${timeoutMs / 1000} s; last seen ${show(value)}`);
		}
		await sleep(everyMs);
	}
}

module.exports = { waitUntil, sleep };
