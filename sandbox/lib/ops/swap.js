'use strict';
// Swaps: the quote (spend or receive side), the hold, expiry at valid_till, cancel, the exchange.
const money = require('../money');
const cat = require('../catalog');
const S = require('../state');
const v = require('../validate');
const { err, AdminError } = require('../errors');
const {
	isoOf,
	sec,
	reading,
	idem,
	oneOfGroup,
	findForCancel,
	notCancellable,
	trimTo,
} = require('./shared');
const { baseOp, commit, transition, targetOutcome } = require('./lifecycle');

const fmt = money.format;
const P = money.parse;

function createSwap(ctx, userId, body) {
	v.required(body, 'direction');
	if (typeof body.direction !== 'string')
		throw err('validation.invalid', 'direction must be a string', 'direction');
	const d = cat.directions.get(cat.codeKey(body.direction, ctx.opts.readings));
	if (!d) throw err('validation.invalid', `Unknown swap direction ${body.direction}`, 'direction');
	const [param] = oneOfGroup(body, ['spend_amount', 'receive_amount'], 1);
	let ttl = 30000;
	if (v.present(body.time_to_live)) {
		if (
			!Number.isInteger(body.time_to_live) ||
			body.time_to_live < 1 ||
			body.time_to_live > 3600000
		) {
			throw err(
				'validation.invalid',
				'time_to_live must be an integer number of milliseconds between 1 and 3600000',
				'time_to_live',
			);
		}
		ttl = body.time_to_live;
	}
	const l = cat.directionLimits(d);
	// The doc's worked swap (0.01 BTC at 29485.25, fee 0.25 %) answers receive_amount 294.85250000 and
	// fee_amount 0.73713125: receive_amount = spend x rate, fee = receive_amount x fee %, both at 8 decimals.
	const fs = reading(ctx, 'amountScale') === 'doc' ? Math.max(8, l.rp) : l.rp;
	const gross = reading(ctx, 'swapReceiveAmount') === 'gross';
	let spend, receive, fee, credit;
	if (param === 'spend_amount') {
		spend = v.amount(body, 'spend_amount', l.sp, l.minSpend, l.maxSpend);
		const value = money.mul(spend, l.rate, fs, 'down');
		fee = money.percentOf(value, l.fee, fs);
		receive = gross ? value : value - fee;
		if (value - fee <= 0n)
			throw err('validation.min_amount', 'spend_amount is too small', 'spend_amount');
	} else {
		receive = v.amount(body, 'receive_amount', l.rp, l.minReceive, l.maxReceive);
		const value = gross
			? receive
			: money.mulDiv(receive, 100n * money.ONE, 100n * money.ONE - l.fee, fs, 'up');
		fee = gross ? money.percentOf(receive, l.fee, fs) : value - receive;
		spend = money.div(value, l.rate, l.sp, 'up');
		v.checkRange(spend, 'receive_amount', l.sp, l.minSpend, l.maxSpend, 'resulting spend amount');
	}
	// What the balance gets: receive_amount less the fee under "gross", receive_amount under "net".
	credit = money.round(gross ? receive - fee : receive, l.rp, 'down');
	const p = { callback_url: v.callbackUrl(body), custom_id: v.customId(body) };
	const fp = S.fingerprint({ d: d.code, param, amt: body[param], ttl, cb: p.callback_url });
	const prev = idem(ctx, userId, 'swap', p.custom_id, fp);
	if (prev) return prev;
	S.hold(ctx.st, userId, d.spend, spend, ctx.now());
	const op = baseOp(ctx, 'swap', userId, p);
	Object.assign(op, {
		direction: d,
		l,
		fs,
		amountParameter: param === 'spend_amount' ? 'spend' : 'receive',
		spend,
		receive,
		fee,
		credit,
		holdCur: d.spend,
		holdAmt: spend,
		status: 'open',
		validTillMs: ctx.now() + ttl,
		cancelRequestedMs: null,
		filled: false,
	});
	return commit(ctx, op, fp);
}

function swapView(op) {
	const { sp, rp, rate } = op.l;
	const ss = op.r.amountScale === 'doc' ? Math.max(8, sp) : sp;
	const rs = op.fs || rp;
	const f = op.filled;
	return {
		code: op.code,
		custom_id: op.custom_id,
		callback_url: op.callback_url,
		direction: op.direction.code,
		spend_currency: op.direction.spend,
		receive_currency: op.direction.receive,
		spend_rate: fmt(money.ONE, 8),
		receive_rate: fmt(rate, 8),
		spend_amount: fmt(op.spend, ss),
		receive_amount: fmt(op.receive, rs),
		amount_parameter: op.amountParameter,
		fee_amount: fmt(op.fee, rs),
		fee_currency: op.direction.receive,
		spend_filled: fmt(f ? op.spend : 0n, ss),
		receive_filled: fmt(f ? op.receive : 0n, rs),
		spend_fee_filled: fmt(0n, ss),
		receive_fee_filled: fmt(f ? op.fee : 0n, rs),
		status: op.status,
		reason_code: op.reason_code,
		reason_message: op.reason_message,
		created_at: isoOf(op, op.createdMs),
		updated_at: isoOf(op, op.updatedMs),
		done_at: isoOf(op, op.doneMs),
		valid_till: isoOf(op, op.validTillMs),
		cancel_requested_at: isoOf(op, op.cancelRequestedMs),
	};
}

/** The create answer: the field table's shape, or under swapObject=createExample the doc's create example (rate, expires_at). */
function swapCreateView(op) {
	const full = swapView(op);
	if (op.r.swapObject !== 'createExample') return full;
	const keep = [
		'code',
		'custom_id',
		'callback_url',
		'direction',
		'spend_currency',
		'receive_currency',
		'spend_amount',
		'receive_amount',
		'fee_amount',
		'fee_currency',
	];
	const out = {};
	for (const k of keep) out[k] = full[k];
	Object.assign(out, {
		rate: trimTo(op.l.rate, 2),
		status: full.status,
		reason_code: full.reason_code,
		reason_message: full.reason_message,
		created_at: full.created_at,
		updated_at: full.updated_at,
		done_at: full.done_at,
		expires_at: full.valid_till,
	});
	return out;
}

function cancelSwap(ctx, userId, body) {
	const op = findForCancel(ctx, userId, 'swap', body);
	if (op.status === 'open') {
		if (op.cancelRequestedMs === null) {
			op.cancelRequestedMs = sec(ctx.now());
			op.updatedMs = sec(ctx.now());
		}
		// Doc: "Status may not be changed to cancelled instantly" -- or it may.
		if (reading(ctx, 'swapCancel') === 'immediate') transition(ctx, op, 'cancelled');
		return op;
	}
	if (op.status === 'cancelled') return op;
	throw notCancellable('Swap', op);
}

/** A step ends the swap: cancelled when asked, failed once past valid_till, else its outcome. */
function advance(ctx, op, now) {
	if (op.cancelRequestedMs !== null) return 'cancelled';
	if (now > op.validTillMs && !op.outcome) {
		op.expired = true;
		return 'failed';
	}
	return targetOutcome(op, 'failed');
}

function settle(ctx, op, now) {
	op.filled = true;
	S.settle(ctx.st, op.userId, op.holdCur, op.spend, now, 'exchange_out');
	S.credit(ctx.st, op.userId, op.direction.receive, op.credit, now, 'exchange_in');
}

/** Historical swaps for /__admin/seed (lib/history.js). */
function history(ctx, a) {
	const d = cat.directions.get(a.direction || 'BTC-USDT');
	if (!d) throw new AdminError('unknown direction');
	const l = cat.directionLimits(d);
	const spend = P(a.spend_amount || money.format(l.minSpend, l.sp));
	const gross = money.mul(spend, l.rate, l.rp, 'down');
	const fee = money.percentOf(gross, l.fee, l.rp);
	return (op) =>
		Object.assign(op, {
			direction: d,
			l,
			amountParameter: 'spend',
			spend,
			receive: gross - fee,
			credit: gross - fee,
			fee,
			holdCur: d.spend,
			holdAmt: spend,
			validTillMs: op.createdMs + 30000,
			cancelRequestedMs: null,
			filled: op.status === 'success',
		});
}

module.exports = {
	type: 'swap',
	prefix: 'SWP',
	names: ['swaps'],
	statuses: ['open', 'success', 'failed', 'cancelled'],
	holding: ['open'],
	final: ['success', 'failed', 'cancelled'],
	failReason: (op) =>
		op.expired ? ['expired', 'Swap quote expired'] : ['swap_failed', 'Swap could not be executed'],
	create: createSwap,
	createView: swapCreateView,
	cancel: cancelSwap,
	view: swapView,
	settle,
	advance,
	history,
};
