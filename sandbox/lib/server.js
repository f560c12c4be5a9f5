'use strict';
// HTTP front: body capture (raw bytes, needed for signatures), routing,
// fault injection, auth, rate limiting, JSON errors and the request log.
const http = require('http');
const { match } = require('./routes');
const { authenticate } = require('./auth');
const { ApiError, AdminError, err } = require('./errors');
const ip = require('./ip');
const strict = require('./strict');

const MAX_BODY = 1024 * 1024;
const LOG_HEADERS = [
	'x-access-key',
	'x-timestamp',
	'content-type',
	'content-length',
	'user-agent',
	'x-forwarded-for',
];

function createServer(sb) {
	const server = http.createServer((req, res) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size <= MAX_BODY) chunks.push(c);
		});
		req.on('end', () => {
			handle(sb, req, res, Buffer.concat(chunks), size > MAX_BODY).catch((e) => {
				if (!res.headersSent && !res.destroyed)
					send(res, 500, JSON.stringify({ error: { code: 'internal', message: e.message } }));
			});
		});
		req.on('error', () => {});
	});
	server.keepAliveTimeout = 5000;
	return server;
}

function send(res, status, text, headers = {}) {
	if (res.destroyed || res.headersSent) return;
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

function clientIp(sb, req) {
	if (sb.opts.trustForwardedFor && req.headers['x-forwarded-for']) {
		return String(req.headers['x-forwarded-for']).split(',')[0].trim();
	}
	return req.socket.remoteAddress;
}

function firstValues(searchParams) {
	const q = {};
	for (const [k, v] of searchParams) if (!(k in q)) q[k] = v; // repeated params: first wins
	return q;
}

async function handle(sb, req, res, raw, tooLarge) {
	const qi = req.url.indexOf('?');
	const rawPath = qi < 0 ? req.url : req.url.slice(0, qi);
	const rawQuery = qi < 0 ? '' : req.url.slice(qi + 1);
	const query = firstValues(new URLSearchParams(rawQuery));

	if (rawPath === '/__admin' || rawPath.startsWith('/__admin/'))
		return sb.admin.handleHttp(req, res, rawPath, query, raw);

	const entry = {
		id: ++sb.requestSeq,
		time: new Date().toISOString(),
		method: req.method,
		path: rawPath,
		query,
		raw_query: rawQuery,
		body: raw.toString('utf8'),
		headers: {},
		signature_present: !!req.headers['x-signature'],
		ip: clientIp(sb, req),
		route: null,
		status: null,
		error_code: null,
		fault: null,
	};
	for (const h of LOG_HEADERS) if (req.headers[h] !== undefined) entry.headers[h] = req.headers[h];
	sb.logRequest(entry);
	const reply = (status, obj, headers) => {
		entry.status = status;
		if (obj && status >= 400) entry.error_code = obj.error ? obj.error.code : obj.code;
		send(res, status, JSON.stringify(obj), headers);
	};
	const replyErr = (e) => {
		const ae = e instanceof ApiError ? e : err('internal', 'Internal server error');
		const headers = ae.retryAfter ? { 'retry-after': String(ae.retryAfter) } : {};
		reply(errorStatus(sb, ae), errorJson(sb, ae), headers);
	};

	const m = match(req.method, rawPath);
	if (!m) return replyErr(err('not_found', `No endpoint ${req.method} ${rawPath}`));
	entry.route = m.route.path;

	// An injected fault acts before any processing unless its mode says otherwise.
	const fault = sb.faults.take(req.method, m.route.path);
	if (fault) entry.fault = fault.mode;
	if (fault) {
		switch (fault.mode) {
			case 'reset':
				entry.status = 'reset';
				req.socket.destroy();
				return;
			case 'timeout':
				entry.status = 'timeout';
				sb.held.add(req.socket);
				req.socket.once('close', () => sb.held.delete(req.socket));
				return;
			case '5xx':
				if (fault.status === 500)
					return replyErr(err('internal', 'Internal server error (injected)'));
				entry.status = fault.status;
				return sendHtml(res, fault.status);
			case '429': {
				const e = err('rate_limit.exceeded', 'Rate limit exceeded (injected)');
				e.retryAfter = fault.retryAfter;
				return replyErr(e);
			}
			case 'latency':
				await sb.delay(fault.latencyMs);
				if (sb.stopped) return;
				break;
			default: // drop_after_commit / hold_after_commit / malformed_json act after processing
		}
	}

	let result;
	try {
		const r = { params: m.params, query, body: {}, user: null, key: null };
		if (m.route.auth) {
			const a = authenticate(sb, req, rawPath, raw, entry.ip, m.route.perm);
			r.user = a.user;
			r.key = a.key;
		}
		const rl = sb.limiter.take(
			r.key ? `key:${r.key.access_key}` : `ip:${ip.normalize(entry.ip)}`,
			m.route.path,
			m.route.limit,
			Date.now(),
		);
		if (rl) {
			const e = err(
				'rate_limit.exceeded',
				`Rate limit of ${m.route.limit} requests per minute exceeded`,
			);
			e.retryAfter = rl.retryAfter;
			throw e;
		}
		if (sb.opts.strict) strict.checkQuery(m.route, req.method, rawQuery);
		if (req.method === 'POST') r.body = parseBody(raw, tooLarge);
		if (sb.opts.strict) strict.checkBody(m.route, req.method, req.headers, raw, r.body);
		// The doc shows no status code for a create; reading createStatus=201 answers a POST that creates with 201.
		const created =
			req.method === 'POST' &&
			sb.opts.readings.createStatus === '201' &&
			!m.route.path.endsWith('/cancel');
		result = { status: created ? 201 : 200, obj: m.route.handler(sb, r) };
	} catch (e) {
		if (!(e instanceof ApiError)) sb.log(`internal error on ${req.method} ${rawPath}: ${e.stack}`);
		if (fault && (fault.mode === 'drop_after_commit' || fault.mode === 'malformed_json')) {
			const ae = e instanceof ApiError ? e : err('internal', 'Internal server error');
			result = {
				status: errorStatus(sb, ae),
				obj: errorJson(sb, ae),
				headers: ae.retryAfter ? { 'retry-after': String(ae.retryAfter) } : {},
			};
		} else return replyErr(e);
	}

	if (fault && fault.mode === 'drop_after_commit') {
		entry.status = 'dropped';
		req.socket.destroy();
		return;
	}
	if (fault && fault.mode === 'hold_after_commit') {
		// Stored, and the answer held until the client gives up: for killing the client mid-request.
		entry.status = 'held';
		sb.held.add(req.socket);
		req.socket.once('close', () => sb.held.delete(req.socket));
		return;
	}
	if (fault && fault.mode === 'malformed_json') {
		const text = JSON.stringify(result.obj);
		const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
		entry.status = result.status;
		return send(res, result.status, cut, result.headers);
	}
	return reply(result.status, result.obj, result.headers);
}

/** The doc gives no HTTP status for any error but 429: readings conflictStatus, notFoundStatus and validationStatus pick them. */
function errorStatus(sb, ae) {
	const r = sb.opts.readings;
	if (ae.code === 'custom_id.conflict') return Number(r.conflictStatus);
	if (ae.code === 'not_found') return Number(r.notFoundStatus);
	if (ae.status === 400) return Number(r.validationStatus);
	return ae.status;
}

/** The doc shows no error body: {"error": {code, message, field}} by default, {code, message, field} under errorBody=flat. */
function errorJson(sb, ae) {
	const body = ae.toJSON();
	// Reading insufficientBalance: the doc names no code for it; the message always says it.
	if (ae.code === 'balance.insufficient') body.error.code = sb.opts.readings.insufficientBalance;
	return sb.opts.readings.errorBody === 'flat' ? body.error : body;
}

function parseBody(raw, tooLarge) {
	if (tooLarge) throw err('validation.invalid', 'Request body too large');
	const text = raw.toString('utf8');
	if (text.trim() === '') return {};
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		throw err('validation.invalid', 'Request body is not valid JSON');
	}
	if (!body || typeof body !== 'object' || Array.isArray(body))
		throw err('validation.invalid', 'Request body must be a JSON object');
	return body;
}

const HTML = {
	502: 'Bad Gateway',
	503: 'Service Temporarily Unavailable',
	504: 'Gateway Time-out',
};
function sendHtml(res, status) {
	// What a reverse proxy in front of the API would send: not JSON.
	const text = `<html>\r\n<head><title>${status} ${HTML[status]}</title></head>\r\n<body>\r\n<center><h1>${status} ${HTML[status]}</h1></center>\r\n</body>\r\n</html>\r\n`;
	if (res.destroyed) return;
	res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

module.exports = { createServer, send, AdminError };
