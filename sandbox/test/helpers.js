'use strict';
// Test client: real HTTP (no keep-alive, so no handles survive a test) and an
// independent HMAC implementation (not the sandbox's own sign()).
const http = require('http');
const crypto = require('crypto');
const { startSandbox } = require('../index');

function hmac(secret, msg) {
	return crypto.createHmac('sha256', secret).update(msg).digest('hex');
}

/** Low-level request. opts: {method, path, body (string), headers, timeoutMs}. */
function raw(base, opts) {
	return new Promise((resolve, reject) => {
		const u = new URL(base + opts.path);
		const req = http.request(
			u,
			{ method: opts.method || 'GET', agent: false, headers: opts.headers || {} },
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode, headers: res.headers, text, json });
				});
				res.on('error', reject);
			},
		);
		if (opts.timeoutMs)
			req.setTimeout(opts.timeoutMs, () => req.destroy(new Error('client timeout')));
		req.on('error', reject);
		if (opts.body !== undefined) req.write(opts.body);
		req.end();
	});
}

/** Signed API call. body may be an object (JSON.stringify'd) or a raw string. */
function api(sb, method, path, body, o = {}) {
	const access = o.access || 'demo-access-key';
	const secret = o.secret || access.replace('-access-key', '-secret-key');
	const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
	const ts = String(o.timestamp ?? Date.now());
	const signPath = path.split('?')[0];
	const headers = {
		'X-Access-Key': access,
		'X-Timestamp': ts,
		'X-Signature': o.signature || hmac(secret, access + signPath + ts + text),
		...(o.headers || {}),
	};
	if (text && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
		headers['Content-Type'] = 'application/json';
	if (text) headers['Content-Length'] = String(Buffer.byteLength(text));
	for (const h of o.omit || []) delete headers[h];
	return raw(sb.url, { method, path, body: text || undefined, headers, timeoutMs: o.timeoutMs });
}

const get = (sb, path, o) => api(sb, 'GET', path, undefined, o);
const post = (sb, path, body, o) => api(sb, 'POST', path, body, o);

async function start(options = {}) {
	// Strict by default, as in the node's tests; a test passes strict: false to show what lax mode lets through.
	return startSandbox({
		port: 0,
		autoAdvance: false,
		rateLimits: false,
		callbackBackoffMs: 10,
		callbackTimeoutMs: 1000,
		strict: true,
		...options,
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(fn, timeoutMs = 3000, stepMs = 10) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > end) throw new Error('waitFor timed out');
		await sleep(stepMs);
	}
}

function balance(sb, currency, user = 'demo') {
	return sb.admin.state({ ops: false }).balances[user][currency];
}

module.exports = { hmac, raw, api, get, post, start, sleep, waitFor, balance };
