'use strict';
// What every operation type shares: the table of type modules, creation bookkeeping, status
// changes with their balance effects and callback, the scheduler step and the views.
const S = require('../state');
const { AdminError } = require('../errors');
const { sec } = require('./shared');

/** type -> its module (ops/<type>.js), filled once by ops/index.js. */
const KINDS = {};
const TYPES = [];
const STATUSES = {};
const HOLDING = {};
const FINAL = {};
/** What /__admin/* accepts as a type: each type's own name and its module's `names`. */
const ALIASES = {};

/**
 * A type module gives: type, prefix (of its codes), names, statuses, holding, final, failReason(op),
 * view(op), settle(ctx, op, now) on success, advance(ctx, op, now) -> next status or null and
 * history(ctx, a, status) for /__admin/seed; optionally essential (callback fields) and finished(ctx, op).
 */
function register(modules) {
	for (const kind of modules) {
		KINDS[kind.type] = kind;
		TYPES.push(kind.type);
		STATUSES[kind.type] = kind.statuses;
		HOLDING[kind.type] = kind.holding;
		FINAL[kind.type] = kind.final;
		for (const name of [kind.type, ...kind.names]) ALIASES[name] = kind.type;
	}
}

const isFinal = (op) => FINAL[op.type].includes(op.status);
const isHolding = (op) => HOLDING[op.type].includes(op.status);

/** Deterministic failure marker: "fail" in address/tag/note/transaction/custom_id (case-insensitive). */
function markedToFail(op) {
	return [op.address, op.tag, op.note, op.transaction, op.custom_id].some(
		(x) => typeof x === 'string' && /fail/i.test(x),
	);
}

/** Final status the op will reach on its own: admin outcome, else marker, else success. */
function targetOutcome(op, failStatus) {
	if (op.outcome) return op.outcome;
	return markedToFail(op) ? failStatus : 'success';
}

function nextCode(st, type) {
	st.counters[type] += 1;
	return KINDS[type].prefix + String(st.counters[type]).padStart(6, '0');
}

function baseOp(ctx, type, userId, body) {
	const now = ctx.now();
	return {
		type,
		code: nextCode(ctx.st, type),
		userId,
		custom_id: body.custom_id || null,
		callback_url: body.callback_url || null,
		createdMs: sec(now),
		sortMs: sec(now),
		updatedMs: sec(now),
		doneMs: null,
		status: null,
		reason_code: null,
		reason_message: null,
		outcome: null,
		ticks: 0,
		r: ctx.opts.readings,
	};
}

function commit(ctx, op, fp) {
	S.insertOp(ctx.st, op);
	if (!isFinal(op)) ctx.st.active.add(op);
	S.idemStore(ctx.st, op.userId, op.type, op.custom_id, fp, op.code);
	return op;
}

/** Apply a status change with its balance effects and a callback. */
function transition(ctx, op, status, o = {}) {
	const st = ctx.st;
	const kind = KINDS[op.type];
	if (!kind.statuses.includes(status))
		throw new AdminError(
			`invalid status "${status}" for ${op.type}; one of ${kind.statuses.join(', ')}`,
		);
	if (isFinal(op)) throw new AdminError(`${op.type} ${op.code} is already final (${op.status})`);
	const now = ctx.now();
	const wasHolding = isHolding(op);
	const final = kind.final.includes(status);
	// Success settles what the op holds (a deposit holds nothing and credits); any other end releases it.
	if (status === 'success') kind.settle(ctx, op, now);
	else if (final && wasHolding) S.release(st, op.userId, op.holdCur, op.holdAmt, now);
	if (final && status !== 'success') {
		const [c, m] =
			o.reason ||
			(status === 'cancelled' ? ['cancelled', 'Cancelled by user'] : kind.failReason(op));
		op.reason_code = c;
		op.reason_message = m;
	}
	op.status = status;
	op.updatedMs = sec(now);
	if (final) {
		op.doneMs = sec(now);
		st.active.delete(op);
		if (kind.finished) kind.finished(ctx, op);
	}
	ctx.notify(op);
	return op;
}

/** One scheduler step for one op: its type says which status comes next, if any. */
function advance(ctx, op) {
	op.ticks += 1;
	const next = KINDS[op.type].advance(ctx, op, ctx.now());
	if (next) transition(ctx, op, next);
}

function tick(ctx) {
	for (const op of [...ctx.st.active]) {
		if (ctx.st.active.has(op)) advance(ctx, op);
	}
}

const view = (op) => KINDS[op.type].view(op);

// Doc §3.3/§3.6/§3.8 callback examples carry "essential fields" only (reading callbackPayload=essential).
function callbackView(op) {
	const full = view(op);
	const keep = op.r && op.r.callbackPayload === 'essential' && KINDS[op.type].essential;
	if (!keep) return full;
	return Object.fromEntries(keep.map((k) => [k, full[k]]));
}

module.exports = {
	register,
	KINDS,
	TYPES,
	STATUSES,
	HOLDING,
	FINAL,
	ALIASES,
	isFinal,
	isHolding,
	markedToFail,
	targetOutcome,
	nextCode,
	baseOp,
	commit,
	transition,
	tick,
	view,
	callbackView,
};
