'use strict';
// Test/admin controls: programmatic methods (sandbox.admin.*) and the same
// operations over HTTP under /__admin/ (no auth, JSON in/out).
const money = require('./money');
const cat = require('./catalog');
const S = require('./state');
const ops = require('./ops');
const { seedHistory } = require('./history');
const { AdminError } = require('./errors');
const ip = require('./ip');

const normType = (t) => {
	const x = ops.ALIASES[t];
	if (!x) throw new AdminError(`type must be one of ${ops.TYPES.join(', ')}`);
	return x;
};

function createAdmin(sb) {
	const findOp = (type, code) => {
		const op = sb.st.ops[normType(type)].byCode.get(code);
		if (!op) throw new AdminError(`${type} ${code} not found`, 404);
		return op;
	};

	const admin = {
		createDeposit: (a = {}) => ops.view(ops.deposit.create(sb, a)),
		transition: ({ type, code, status, reason_code, reason_message } = {}) => {
			const op = findOp(type, code);
			ops.transition(
				sb,
				op,
				status,
				reason_code ? { reason: [reason_code, reason_message || reason_code] } : {},
			);
			return ops.view(op);
		},
		/** Final status an op reaches when the scheduler finishes it (overrides markers). */
		setOutcome: ({ type, code, status } = {}) => {
			const op = findOp(type, code);
			if (!ops.FINAL[op.type].includes(status))
				throw new AdminError(`outcome must be a final status: ${ops.FINAL[op.type].join(', ')}`);
			op.outcome = status;
			return ops.view(op);
		},
		getOp: (type, code) => ops.view(findOp(type, code)),
		tick: (count = 1) => {
			for (let i = 0; i < count; i++) ops.tick(sb);
			return { active: sb.st.active.size };
		},
		addFault: (f) => sb.faults.add(f),
		setFault: (f) => sb.faults.add(f),
		faults: () => sb.faults.all(),
		clearFaults: () => {
			sb.faults.clear();
			return { ok: true };
		},
		setClock: (a) => {
			const offsetMs = typeof a === 'number' ? a : a && a.offsetMs;
			if (!Number.isFinite(offsetMs)) throw new AdminError('offsetMs must be a number');
			sb.clockOffset = offsetMs;
			return { offsetMs, now: sb.now() };
		},
		seed: (a = {}) => seedHistory(sb, { ...a, type: normType(a.type) }),
		state: (o = {}) => stateDump(sb, o),
		reconcile: () => reconcile(sb),
		requests: () => sb.requestLog.slice(),
		clearRequests: () => {
			sb.requestLog = [];
			return { ok: true };
		},
		callbacks: () => sb.callbacks.log.map((e) => ({ ...e, responses: [...e.responses] })),
		clearCallbacks: () => {
			sb.callbacks.clearLog();
			return { ok: true };
		},
		callbacksIdle: () => sb.callbacks.idle(),
		reset: () => {
			sb.resetState();
			return { ok: true };
		},
		addKey: (k = {}) => {
			if (!k.access_key || !k.secret_key)
				throw new AdminError('access_key and secret_key are required');
			const user = k.user || 'demo';
			if (!sb.st.users.has(user))
				S.addUser(sb.st, { id: user, active: k.user_active !== false }, sb.now());
			for (const r of k.ip_whitelist || [])
				if (!ip.parseRule(r)) throw new AdminError(`invalid ip_whitelist entry ${r}`);
			return { ...S.addKey(sb.st, { ...k, user }) };
		},
		addUser: (u = {}) => {
			if (!u.id) throw new AdminError('id is required');
			return { ...S.addUser(sb.st, u, sb.now()) };
		},
		setBalance: ({ user = 'demo', currency, available } = {}) => {
			if (!sb.st.users.has(user)) throw new AdminError(`unknown user ${user}`);
			const c = cat.currencies.get(currency);
			if (!c) throw new AdminError('unknown currency');
			if (
				typeof available !== 'string' ||
				!money.AMOUNT_RE.test(available) ||
				money.decimals(available) > c.precision
			) {
				throw new AdminError(
					`available must be a decimal string with at most ${c.precision} decimals`,
				);
			}
			S.setAvailable(sb.st, user, c.code, money.parse(available), sb.now());
			return { user, currency, available: money.format(money.parse(available), c.precision) };
		},
		setRateLimits: (a) => {
			const enabled = typeof a === 'boolean' ? a : !!(a && a.enabled);
			sb.limiter.enabled = enabled;
			if (!enabled) sb.limiter.reset();
			return { enabled };
		},
		/** Changes what this sandbox offers for withdrawal: `enabled: false` withdraws a method, the rest override its limits. */
		setWithdrawalMethod: ({ code, enabled, ...changes } = {}) => {
			const m = cat.methodIndex.get(String(code || '').toLowerCase());
			if (!m || !m.withdraw) throw new AdminError(`unknown withdrawal method ${code}`, 404);
			if (enabled !== undefined && typeof enabled !== 'boolean')
				throw new AdminError('enabled must be true or false');
			const names = {
				min_amount: 'min',
				max_amount: 'max',
				precision: 'precision',
				fee_percent: 'fee_percent',
				fee_absolute: 'fee_absolute',
			};
			const withdraw = {};
			for (const [k, val] of Object.entries(changes)) {
				if (!names[k])
					throw new AdminError(
						`unknown field ${k}; allowed: enabled, ${Object.keys(names).join(', ')}`,
					);
				const ok =
					k === 'precision'
						? Number.isInteger(val) && val >= 0 && val <= 18
						: typeof val === 'string' && money.AMOUNT_RE.test(val);
				if (!ok)
					throw new AdminError(
						`${k} must be ${k === 'precision' ? 'an integer 0..18' : 'a decimal string'}`,
					);
				withdraw[names[k]] = val;
			}
			const prev = sb.catalog.withdraw.get(m.code) || { withdraw: {} };
			sb.catalog.withdraw.set(m.code, {
				enabled: enabled === undefined ? prev.enabled : enabled,
				withdraw: { ...prev.withdraw, ...withdraw },
			});
			const now = cat.withdrawOf(sb, m);
			return { code: m.code, enabled: !!now, method: now ? cat.withdrawMethodView(now) : null };
		},
		setAmlRisk: ({ address, riskscore, alert_grade, signals } = {}) => {
			if (!address || typeof riskscore !== 'number' || riskscore < 0 || riskscore > 1)
				throw new AdminError('address and riskscore (0..1) are required');
			sb.st.amlRisk.set(address, {
				riskscore,
				alert_grade:
					alert_grade ||
					(riskscore >= 0.75
						? 'severe'
						: riskscore >= 0.5
							? 'high'
							: riskscore >= 0.25
								? 'medium'
								: 'low'),
				signals,
			});
			return { address, ...sb.st.amlRisk.get(address) };
		},
	};

	const httpRoutes = {
		'POST /__admin/deposits': (b) => admin.createDeposit(b),
		'POST /__admin/transition': (b) => admin.transition(b),
		'POST /__admin/outcome': (b) => admin.setOutcome(b),
		'POST /__admin/tick': (b) => admin.tick(b.count ?? 1),
		'GET /__admin/faults': () => admin.faults(),
		'POST /__admin/faults': (b) => admin.addFault(b),
		'DELETE /__admin/faults': () => admin.clearFaults(),
		'POST /__admin/clock': (b) => admin.setClock(b),
		'POST /__admin/seed': (b) => admin.seed(b),
		'GET /__admin/state': (b, q) => admin.state({ ops: q.ops !== '0' && q.ops !== 'false' }),
		'GET /__admin/reconcile': () => admin.reconcile(),
		'GET /__admin/requests': () => admin.requests(),
		'DELETE /__admin/requests': () => admin.clearRequests(),
		'GET /__admin/callbacks': () => admin.callbacks(),
		'DELETE /__admin/callbacks': () => admin.clearCallbacks(),
		'POST /__admin/reset': () => admin.reset(),
		'POST /__admin/keys': (b) => admin.addKey(b),
		'POST /__admin/users': (b) => admin.addUser(b),
		'POST /__admin/balances': (b) => admin.setBalance(b),
		'POST /__admin/rate-limits': (b) => admin.setRateLimits(b),
		'POST /__admin/aml-risk': (b) => admin.setAmlRisk(b),
		'POST /__admin/withdrawal-methods': (b) => admin.setWithdrawalMethod(b),
	};

	admin.handleHttp = (req, res, rawPath, query, raw) => {
		const reply = (status, obj) => {
			const text = JSON.stringify(obj);
			res.writeHead(status, {
				'content-type': 'application/json; charset=utf-8',
				'content-length': Buffer.byteLength(text),
			});
			res.end(text);
		};
		try {
			let body = {};
			if (raw.length) {
				try {
					body = JSON.parse(raw.toString('utf8'));
				} catch {
					throw new AdminError('body must be JSON');
				}
			}
			const opMatch = /^\/__admin\/ops\/([^/]+)\/([^/]+)$/.exec(rawPath);
			if (req.method === 'GET' && opMatch)
				return reply(200, admin.getOp(opMatch[1], decodeURIComponent(opMatch[2])));
			const h = httpRoutes[`${req.method} ${rawPath}`];
			if (!h)
				return reply(404, {
					error: { code: 'not_found', message: `No admin endpoint ${req.method} ${rawPath}` },
				});
			return reply(200, h(body || {}, query));
		} catch (e) {
			if (e instanceof AdminError)
				return reply(e.status, { error: { code: 'admin.invalid', message: e.message } });
			if (e && e.code && e.status) return reply(e.status, e.toJSON());
			return reply(500, { error: { code: 'internal', message: e.message } });
		}
	};
	return admin;
}

function stateDump(sb, o) {
	const st = sb.st;
	const balances = {};
	for (const [u, m] of st.balances) {
		balances[u] = {};
		for (const [c, b] of m)
			balances[u][c] = {
				available: money.format(b.available, cat.prec(c)),
				frozen: money.format(b.frozen, cat.prec(c)),
			};
	}
	const operations = {};
	const counts = {};
	for (const t of ops.TYPES) {
		const all = [...st.ops[t].byCode.values()];
		counts[t] = all.length;
		if (o.ops !== false)
			operations[t] = all.map((op) => ({ user: op.userId, outcome: op.outcome, ...ops.view(op) }));
	}
	const addresses = [];
	for (const rec of st.addressIndex.values()) addresses.push({ ...rec });
	return {
		now: sb.now(),
		clock_offset_ms: sb.clockOffset,
		rate_limits_enabled: sb.limiter.enabled,
		auto_advance: sb.opts.autoAdvance,
		readings: { ...sb.readings },
		users: [...st.users.values()].map((u) => ({ ...u })),
		keys: [...st.keys.values()].map((k) => ({ ...k })),
		balances,
		counts,
		operations,
		addresses,
		active: st.active.size,
		faults: sb.faults.all(),
	};
}

/** Invariants: no negative balance; frozen == what holding ops hold; balances == ledger. */
function reconcile(sb) {
	const st = sb.st;
	const problems = [];
	const holds = new Map();
	for (const t of ops.TYPES) {
		for (const op of st.ops[t].byCode.values()) {
			if (!ops.isHolding(op)) continue;
			const k = `${op.userId}|${op.holdCur}`;
			holds.set(k, (holds.get(k) || 0n) + op.holdAmt);
		}
	}
	const totals = new Map();
	for (const [u, m] of st.balances) {
		for (const [c, b] of m) {
			if (b.available < 0n)
				problems.push(`${u} ${c} available is negative (${money.format(b.available, 18)})`);
			if (b.frozen < 0n)
				problems.push(`${u} ${c} frozen is negative (${money.format(b.frozen, 18)})`);
			const held = holds.get(`${u}|${c}`) || 0n;
			if (held !== b.frozen)
				problems.push(
					`${u} ${c} frozen ${money.format(b.frozen, 18)} != held by pending operations ${money.format(held, 18)}`,
				);
			totals.set(c, (totals.get(c) || 0n) + b.available + b.frozen);
		}
	}
	for (const [c, total] of totals) {
		const led = st.ledger.get(c) || 0n;
		if (led !== total)
			problems.push(
				`${c} balances total ${money.format(total, 18)} != ledger ${money.format(led, 18)}`,
			);
	}
	const ledger = {};
	for (const [reason, m] of Object.entries(st.ledgerByReason)) {
		ledger[reason] = {};
		for (const [c, amt] of Object.entries(m)) ledger[reason][c] = money.format(amt, cat.prec(c));
	}
	return { ok: problems.length === 0, problems, ledger };
}

module.exports = { createAdmin };
