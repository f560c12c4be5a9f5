'use strict';
// Local 001k API v1 sandbox: startSandbox(options) -> {url, port, stop(), admin}.
const { createServer } = require('./lib/server');
const { createState } = require('./lib/state');
const { Callbacks } = require('./lib/callbacks');
const { RateLimiter } = require('./lib/ratelimit');
const { Faults } = require('./lib/faults');
const { createAdmin } = require('./lib/admin');
const { sign } = require('./lib/auth');
const ops = require('./lib/ops');
const seed = require('./lib/seed');
const { parseReadings } = require('./lib/readings');

const DEMO = { accessKey: 'demo-access-key', secretKey: 'demo-secret-key' };

async function startSandbox(options = {}) {
	const opts = {
		port: 0,
		host: '127.0.0.1',
		stepMs: 2000,
		autoAdvance: true,
		rateLimits: true,
		trustForwardedFor: false,
		requestLogSize: 5000,
		logger: null,
		strict: false,
		...options,
	};
	// Unknown reading names or values fail here, before anything listens.
	opts.readings = parseReadings(options.readings, options.profile || 'default');
	const sb = {
		opts,
		readings: opts.readings,
		catalog: { withdraw: new Map() },
		clockOffset: opts.clockOffsetMs || 0,
		requestSeq: 0,
		requestLog: [],
		held: new Set(),
		timers: new Set(),
		stopped: false,
		now() {
			return Date.now() + this.clockOffset;
		},
		log(msg) {
			if (opts.logger) opts.logger(msg);
		},
		logRequest(entry) {
			this.requestLog.push(entry);
			if (this.requestLog.length > opts.requestLogSize)
				this.requestLog.splice(0, this.requestLog.length - opts.requestLogSize);
		},
		notify(op) {
			this.callbacks.notify(op);
		},
		delay(ms) {
			return new Promise((resolve) => {
				const t = setTimeout(() => {
					this.timers.delete(t);
					resolve();
				}, ms);
				t.resolve = resolve;
				this.timers.add(t);
			});
		},
		resetState() {
			this.st = createState(this.now(), ops.TYPES);
			this.limiter.reset();
			this.faults.clear();
			this.catalog.withdraw.clear();
			this.requestLog = [];
			this.callbacks.clearLog();
			this.clockOffset = opts.clockOffsetMs || 0;
		},
	};
	sb.st = createState(sb.now(), ops.TYPES);
	sb.callbacks = new Callbacks(opts, ops.callbackView);
	sb.limiter = new RateLimiter(opts.rateLimits !== false);
	sb.faults = new Faults();
	sb.admin = createAdmin(sb);
	const server = createServer(sb);
	// One scheduler for every lifecycle; tests use autoAdvance:false + admin.tick().
	let interval = null;
	if (opts.autoAdvance) interval = setInterval(() => ops.tick(sb), opts.stepMs);

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, opts.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const addr = server.address();
	const hostForUrl =
		addr.family === 'IPv6' || addr.family === 6 ? `[${addr.address}]` : addr.address;

	let stopping = null;
	const sandbox = {
		url: `http://${hostForUrl}:${addr.port}`,
		port: addr.port,
		admin: sb.admin,
		keys: { demo: { ...DEMO }, all: seed.keys.map((k) => ({ ...k })) },
		/** Sign like a client would (handy for tests and scripts). */
		sign: (secret, accessKey, path, timestamp, body = '') =>
			sign(secret, accessKey, path, String(timestamp), Buffer.from(body, 'utf8')),
		now: () => sb.now(),
		readings: { ...opts.readings },
		strict: !!opts.strict,
		stop() {
			if (stopping) return stopping;
			sb.stopped = true;
			if (interval) clearInterval(interval);
			for (const t of sb.timers) {
				clearTimeout(t);
				t.resolve();
			}
			sb.timers.clear();
			sb.callbacks.stop();
			stopping = new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
				for (const s of sb.held) s.destroy();
			});
			return stopping;
		},
	};
	return sandbox;
}

module.exports = { startSandbox, DEMO };
