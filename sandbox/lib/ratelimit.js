'use strict';
// Sliding-window limiter, exact so a pacing client can rely on it: a request is
// refused when the same key+route already has N accepted requests in
// (now-60000, now]. Retry-After = whole seconds until the oldest one leaves.
const WINDOW = 60000;

class RateLimiter {
	constructor(enabled = true) {
		this.enabled = enabled;
		this.buckets = new Map(); // `${key}|${route}` -> {times: number[], head}
	}

	/** Returns null when accepted (and records it) or {retryAfter} when refused. */
	take(key, route, limit, now) {
		if (!this.enabled) return null;
		const id = `${key}|${route}`;
		let b = this.buckets.get(id);
		if (!b) this.buckets.set(id, (b = { times: [], head: 0 }));
		while (b.head < b.times.length && b.times[b.head] <= now - WINDOW) b.head++;
		if (b.head > 1024) {
			b.times = b.times.slice(b.head);
			b.head = 0;
		}
		if (b.times.length - b.head >= limit) {
			const frees = b.times[b.head] + WINDOW; // first instant the oldest is outside the window
			return { retryAfter: Math.max(1, Math.ceil((frees - now) / 1000)) };
		}
		b.times.push(now);
		return null;
	}

	reset() {
		this.buckets.clear();
	}
}

module.exports = { RateLimiter, WINDOW };
