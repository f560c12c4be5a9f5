'use strict';
// Callback delivery: POST the operation's GET-by-code shape (unsigned, as in
// production). Per operation deliveries are sequential; a newer snapshot that
// arrives while an older one is waiting/retrying supersedes it (the doc allows
// skipping intermediate states), so the final state is always the last sent.
const http = require('http');
const https = require('https');
const net = require('net');

function isLoopback(hostname) {
	const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true;
	return net.isIPv4(h) && h.startsWith('127.');
}

class Callbacks {
	constructor(opts, view) {
		this.view = view;
		this.maxAttempts = opts.callbackMaxAttempts ?? 4;
		this.backoffMs = opts.callbackBackoffMs ?? 1000;
		this.timeoutMs = opts.callbackTimeoutMs ?? 5000;
		this.allowExternal = !!opts.allowExternalCallbacks;
		this.logSize = opts.callbackLogSize ?? 1000;
		this.log = [];
		this.slots = new Map(); // op code -> {pending, running}
		this.timers = new Set();
		this.reqs = new Set();
		this.idleWaiters = [];
		this.seq = 0;
		this.stopped = false;
	}

	notify(op) {
		if (!op.callback_url || this.stopped) return;
		const body = JSON.stringify(this.view(op));
		const entry = {
			id: ++this.seq,
			type: op.type,
			code: op.code,
			url: op.callback_url,
			status: op.status,
			body,
			attempts: 0,
			responses: [],
			result: 'pending',
			created_at: new Date().toISOString(),
		};
		this.log.push(entry);
		if (this.log.length > this.logSize) this.log.splice(0, this.log.length - this.logSize);
		let u = null;
		try {
			u = new URL(op.callback_url);
		} catch {
			/* validated at creation */
		}
		if (!u || (!this.allowExternal && !isLoopback(u.hostname))) {
			entry.result = 'skipped';
			entry.reason = 'only loopback callback hosts are delivered (option allowExternalCallbacks)';
			return;
		}
		let slot = this.slots.get(op.code);
		if (!slot) this.slots.set(op.code, (slot = { pending: null, running: false }));
		if (slot.pending) slot.pending.result = 'superseded';
		slot.pending = entry;
		if (!slot.running) this.drain(op.code, slot);
	}

	async drain(code, slot) {
		slot.running = true;
		while (slot.pending && !this.stopped) {
			const e = slot.pending;
			slot.pending = null;
			await this.deliver(e, slot);
		}
		slot.running = false;
		this.slots.delete(code);
		if (this.slots.size === 0) this.idleWaiters.splice(0).forEach((r) => r());
	}

	async deliver(e, slot) {
		for (let attempt = 1; attempt <= this.maxAttempts && !this.stopped; attempt++) {
			e.attempts = attempt;
			const res = await this.post(e.url, e.body);
			e.responses.push(res.status ?? res.error);
			if (res.status >= 200 && res.status < 300) {
				e.result = 'delivered';
				return;
			}
			if (slot.pending) {
				e.result = 'superseded';
				return;
			}
			if (attempt < this.maxAttempts) await this.sleep(this.backoffMs * 2 ** (attempt - 1));
		}
		if (e.result === 'pending') e.result = 'failed';
	}

	sleep(ms) {
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				this.timers.delete(t);
				resolve();
			}, ms);
			this.timers.add(t);
			t.resolve = resolve;
		});
	}

	post(url, body) {
		return new Promise((resolve) => {
			if (this.stopped) return resolve({ error: 'stopped' });
			const u = new URL(url);
			const lib = u.protocol === 'https:' ? https : http;
			const req = lib.request(
				u,
				{
					method: 'POST',
					agent: false,
					timeout: this.timeoutMs,
					headers: {
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(body),
						'user-agent': '001k-sandbox-callback/1',
						connection: 'close',
					},
				},
				(res) => {
					res.resume();
					res.on('end', () => {
						this.reqs.delete(req);
						resolve({ status: res.statusCode });
					});
					res.on('error', () => {
						this.reqs.delete(req);
						resolve({ error: 'response_error' });
					});
				},
			);
			this.reqs.add(req);
			req.on('timeout', () => req.destroy(new Error('timeout')));
			req.on('error', (e) => {
				this.reqs.delete(req);
				resolve({ error: e.message === 'timeout' ? 'timeout' : e.code || e.message });
			});
			req.end(body);
		});
	}

	/** Resolves when no delivery is queued, running or waiting to retry. */
	idle() {
		if (this.slots.size === 0) return Promise.resolve();
		return new Promise((r) => this.idleWaiters.push(r));
	}

	clearLog() {
		this.log = [];
	}

	stop() {
		this.stopped = true;
		for (const t of this.timers) {
			clearTimeout(t);
			t.resolve();
		}
		this.timers.clear();
		for (const r of this.reqs) r.destroy();
		this.reqs.clear();
		this.idleWaiters.splice(0).forEach((r) => r());
	}
}

module.exports = { Callbacks, isLoopback };
