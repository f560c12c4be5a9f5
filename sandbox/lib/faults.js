'use strict';
// Fault injection registry. A fault matches on method + route template (or
// "*") and affects the next `count` matching requests (-1 = until cleared).
const { AdminError } = require('./errors');

const MODES = [
	'5xx',
	'latency',
	'timeout',
	'reset',
	'drop_after_commit',
	'hold_after_commit',
	'malformed_json',
	'429',
];

class Faults {
	constructor() {
		this.list = [];
		this.seq = 0;
	}

	add(f) {
		if (!f || !MODES.includes(f.mode))
			throw new AdminError(`mode must be one of ${MODES.join(', ')}`);
		if (typeof f.path !== 'string' || !f.path)
			throw new AdminError(
				'path (route template like /api/v1/withdraw/{code}, or "*") is required',
			);
		const count = f.count === undefined ? 1 : f.count;
		if (!Number.isInteger(count) || (count < 1 && count !== -1))
			throw new AdminError('count must be a positive integer or -1');
		const status = f.status ?? (f.mode === '5xx' ? 500 : undefined);
		if (f.mode === '5xx' && ![500, 502, 503, 504].includes(status))
			throw new AdminError('status for 5xx must be 500, 502, 503 or 504');
		const fault = {
			id: ++this.seq,
			method: (f.method || '*').toUpperCase(),
			path: f.path,
			mode: f.mode,
			remaining: count,
			status,
			latencyMs: f.latencyMs ?? 1000,
			retryAfter: f.retryAfter ?? 1,
			hits: 0,
		};
		this.list.push(fault);
		return { ...fault };
	}

	/** Consume and return the first fault matching this request, or null. */
	take(method, template) {
		const i = this.list.findIndex(
			(f) => (f.method === '*' || f.method === method) && (f.path === '*' || f.path === template),
		);
		if (i < 0) return null;
		const f = this.list[i];
		f.hits += 1;
		if (f.remaining !== -1 && --f.remaining === 0) this.list.splice(i, 1);
		return f;
	}

	clear() {
		this.list = [];
	}
	all() {
		return this.list.map((f) => ({ ...f }));
	}
}

module.exports = { Faults, MODES };
