'use strict';
// In-memory store: users, keys, balances (available/frozen), operations and a
// ledger of external flows so /__admin/reconcile can prove nothing was created
// or lost. All balance mutations go through the helpers below.
const money = require('./money');
const seed = require('./seed');
const { err } = require('./errors');

/** `types`: the operation type names (lib/ops TYPES). */
function createState(now, types) {
	const st = {
		users: new Map(),
		keys: new Map(),
		balances: new Map(), // userId -> Map(currency -> {available, frozen, updatedMs})
		ops: {}, // type -> {byCode: Map, byUser: Map(userId -> sorted array asc)}
		active: new Set(), // non-final operations, advanced by the scheduler
		idem: new Map(), // `${user}|${type}|${custom_id}` -> {code, fingerprint}
		addresses: new Map(), // userId -> Map(methodCode -> [address records], newest last)
		addressIndex: new Map(), // `${method}|${address}|${tag}` -> address record
		ledger: new Map(), // currency -> net scaled amount that entered balances (seed + external + exchange)
		ledgerByReason: {}, // reason -> currency -> amount (for state/debugging)
		amlRisk: new Map(), // address -> {riskscore, alert_grade}
		seq: 0,
		counters: {},
	};
	for (const t of types) {
		st.ops[t] = { byCode: new Map(), byUser: new Map() };
		st.counters[t] = 0;
	}
	for (const u of seed.users) addUser(st, u, now);
	for (const k of seed.keys) addKey(st, k);
	return st;
}

function addUser(st, u, now) {
	const prev = st.users.get(u.id);
	const user = {
		id: u.id,
		email: u.email || (prev && prev.email) || `${u.id}@001k.test`,
		active: u.active !== false,
	};
	st.users.set(u.id, user);
	if (!st.balances.has(u.id)) {
		const m = new Map();
		for (const c of seed.currencies) m.set(c.code, { available: 0n, frozen: 0n, updatedMs: now });
		st.balances.set(u.id, m);
	}
	for (const [cur, amt] of Object.entries(u.balances || {}))
		setAvailable(st, u.id, cur, money.parse(amt), now, 'seed');
	return user;
}

function addKey(st, k) {
	const key = {
		access_key: k.access_key,
		secret_key: k.secret_key,
		user: k.user,
		permissions: [...(k.permissions || seed.ALL_PERMS)],
		ip_whitelist: [...(k.ip_whitelist || [])],
		active: k.active !== false,
	};
	st.keys.set(key.access_key, key);
	return key;
}

function findUser(st, idOrEmail) {
	if (st.users.has(idOrEmail)) return st.users.get(idOrEmail);
	const low = String(idOrEmail).toLowerCase();
	for (const u of st.users.values()) if (u.email.toLowerCase() === low) return u;
	return null;
}

function bal(st, userId, cur) {
	const m = st.balances.get(userId);
	const b = m && m.get(cur);
	if (!b) throw new Error(`no balance ${userId}/${cur}`);
	return b;
}

function ledger(st, cur, delta, reason) {
	st.ledger.set(cur, (st.ledger.get(cur) || 0n) + delta);
	const r = (st.ledgerByReason[reason] = st.ledgerByReason[reason] || {});
	r[cur] = (r[cur] || 0n) + delta;
}

/** Admin/seed: set available to an absolute value (recorded in the ledger). */
function setAvailable(st, userId, cur, value, now, reason = 'admin_adjust') {
	const b = bal(st, userId, cur);
	ledger(st, cur, value - b.available, reason);
	b.available = value;
	b.updatedMs = now;
}

/** available -> frozen; throws balance.insufficient (never goes negative). */
function hold(st, userId, cur, amt, now) {
	const b = bal(st, userId, cur);
	if (b.available < amt) throw err('balance.insufficient', `Insufficient ${cur} balance`);
	b.available -= amt;
	b.frozen += amt;
	b.updatedMs = now;
}

/** frozen -> available (operation failed/cancelled). */
function release(st, userId, cur, amt, now) {
	const b = bal(st, userId, cur);
	b.frozen -= amt;
	b.available += amt;
	b.updatedMs = now;
}

/** frozen leaves the user (paid out / spent); `reason` goes to the ledger. */
function settle(st, userId, cur, amt, now, reason) {
	const b = bal(st, userId, cur);
	b.frozen -= amt;
	b.updatedMs = now;
	ledger(st, cur, -amt, reason);
}

/** available += amt from outside the user (deposit, swap proceeds, transfer in). */
function credit(st, userId, cur, amt, now, reason) {
	const b = bal(st, userId, cur);
	b.available += amt;
	b.updatedMs = now;
	ledger(st, cur, amt, reason);
}

// Sort key: (sortMs asc, seq asc). Lists read the arrays from the end = newest first.
function cmp(a, b) {
	return a.sortMs - b.sortMs || a.seq - b.seq;
}

function userArray(st, type, userId) {
	const byUser = st.ops[type].byUser;
	let arr = byUser.get(userId);
	if (!arr) byUser.set(userId, (arr = []));
	return arr;
}

/** Insert an op keeping the per-user array sorted (binary search; O(1) for "now"). */
function insertOp(st, op) {
	op.seq = ++st.seq;
	// internal transfers are listed for both sender and recipient
	if (op.recipientId) insertSorted(userArray(st, op.type, op.recipientId), op);
	insertSorted(userArray(st, op.type, op.userId), op);
	st.ops[op.type].byCode.set(op.code, op);
	return op;
}

/** Re-sorts an op under a new sort time (a transfer whose `timestamp` becomes its done time). */
function moveOp(st, op, ms) {
	for (const user of [op.userId, op.recipientId].filter(Boolean)) {
		const arr = userArray(st, op.type, user);
		const i = arr.indexOf(op);
		if (i >= 0) arr.splice(i, 1);
	}
	op.sortMs = ms;
	if (op.recipientId) insertSorted(userArray(st, op.type, op.recipientId), op);
	insertSorted(userArray(st, op.type, op.userId), op);
}

function insertSorted(arr, op) {
	if (arr.length === 0 || cmp(arr[arr.length - 1], op) <= 0) arr.push(op);
	else {
		let lo = 0,
			hi = arr.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (cmp(arr[mid], op) <= 0) lo = mid + 1;
			else hi = mid;
		}
		arr.splice(lo, 0, op);
	}
}

/** Bulk insert (seeding): push then one sort. */
function bulkInsert(st, type, userId, ops) {
	const arr = userArray(st, type, userId);
	for (const op of ops) {
		op.seq = ++st.seq;
		arr.push(op);
		st.ops[type].byCode.set(op.code, op);
	}
	arr.sort(cmp);
	// internal transfers are listed for the recipient too
	const recipientId = ops[0].recipientId;
	if (!recipientId) return;
	const theirs = userArray(st, type, recipientId);
	for (const op of ops) theirs.push(op);
	theirs.sort(cmp);
}

function getOp(st, type, userId, code) {
	const op = st.ops[type].byCode.get(code);
	if (!op || (op.userId !== userId && op.recipientId !== userId))
		throw err('not_found', `${type.replace('_', ' ')} ${code} not found`);
	return op;
}

/** Newest-first page with filters; date bounds narrow the scan by binary search. */
function listOps(st, type, userId, pred, p) {
	const arr = st.ops[type].byUser.get(userId) || [];
	let lo = 0,
		hi = arr.length; // candidate index range [lo, hi)
	if (p.startMs !== undefined) lo = lowerBound(arr, p.startMs);
	if (p.endMs !== undefined) hi = upperBound(arr, p.endMs);
	const out = [];
	let skip = p.offset;
	for (let i = hi - 1; i >= lo && out.length < p.limit; i--) {
		const op = arr[i];
		if (pred && !pred(op)) continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		out.push(op);
	}
	return out;
}

function lowerBound(arr, ms) {
	// first index with sortMs >= ms
	let lo = 0,
		hi = arr.length;
	while (lo < hi) {
		const m = (lo + hi) >> 1;
		if (arr[m].sortMs < ms) lo = m + 1;
		else hi = m;
	}
	return lo;
}
function upperBound(arr, ms) {
	// first index with sortMs > ms
	let lo = 0,
		hi = arr.length;
	while (lo < hi) {
		const m = (lo + hi) >> 1;
		if (arr[m].sortMs <= ms) lo = m + 1;
		else hi = m;
	}
	return lo;
}

/**
 * Returns the existing op for a repeated custom_id, null when new. A repeat with different params
 * is the doc's open question (§1.4 says only "the same request"): reading `customIdReuse`
 * 'conflict' (default) answers 409, 'existing' returns the first operation as if identical.
 */
function idemLookup(st, userId, type, customId, fingerprint, reuse = 'conflict') {
	if (!customId) return null;
	const hit = st.idem.get(`${userId}|${type}|${customId}`);
	if (!hit) return null;
	if (hit.fingerprint !== fingerprint && reuse !== 'existing') {
		throw err(
			'custom_id.conflict',
			`custom_id "${customId}" was already used with different parameters`,
			'custom_id',
		);
	}
	return hit.ref;
}

function idemStore(st, userId, type, customId, fingerprint, ref) {
	if (customId) st.idem.set(`${userId}|${type}|${customId}`, { fingerprint, ref });
}

/** Stable JSON (sorted keys, BigInt as string) used as the request fingerprint. */
function fingerprint(obj) {
	const norm = (v) => {
		if (typeof v === 'bigint') return v.toString();
		if (Array.isArray(v)) return v.map(norm);
		if (v && typeof v === 'object')
			return Object.keys(v)
				.sort()
				.reduce((o, k) => {
					o[k] = norm(v[k]);
					return o;
				}, {});
		return v;
	};
	return JSON.stringify(norm(obj));
}

module.exports = {
	createState,
	addUser,
	addKey,
	findUser,
	bal,
	setAvailable,
	hold,
	release,
	settle,
	credit,
	ledger,
	insertOp,
	moveOp,
	bulkInsert,
	getOp,
	listOps,
	idemLookup,
	idemStore,
	fingerprint,
};
