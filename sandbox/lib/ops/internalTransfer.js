'use strict';
// Internal transfers: one user pays another; listed for both, and rejected rather than failed.
const money = require('../money');
const cat = require('../catalog');
const S = require('../state');
const v = require('../validate');
const { err, AdminError } = require('../errors');
const { isoOf, viewHead, idem } = require('./shared');
const { baseOp, commit, targetOutcome } = require('./lifecycle');

const fmt = money.format;
const P = money.parse;

function createTransfer(ctx, userId, body) {
	v.required(body, 'currency_code');
	const cur = cat.currency(body, 'currency_code', ctx.opts.readings);
	v.required(body, 'amount');
	v.required(body, 'recipient');
	const amount = v.amount(body, 'amount', cur.precision);
	const rcpt = v.optString(body, 'recipient', 255);
	const user = S.findUser(ctx.st, rcpt);
	if (!user || !user.active)
		throw err('validation.invalid', `Unknown recipient ${rcpt}`, 'recipient');
	if (user.id === userId)
		throw err('validation.invalid', 'Cannot transfer to yourself', 'recipient');
	const p = {
		callback_url: v.callbackUrl(body),
		custom_id: v.customId(body),
		address_book_code: v.optString(body, 'address_book_code', 255),
		note: v.optString(body, 'note', 1000),
	};
	const fp = S.fingerprint({
		c: cur.code,
		amount,
		r: user.id,
		cb: p.callback_url,
		ab: p.address_book_code,
		note: p.note,
	});
	const prev = idem(ctx, userId, 'internal_transfer', p.custom_id, fp);
	if (prev) return prev;
	S.hold(ctx.st, userId, cur.code, amount, ctx.now());
	const op = baseOp(ctx, 'internal_transfer', userId, p);
	Object.assign(op, {
		currency: cur.code,
		amount,
		fee: 0n,
		recipientId: user.id,
		note: p.note,
		address_book_code: p.address_book_code,
		holdCur: cur.code,
		holdAmt: amount,
		status: 'pending',
	});
	return commit(ctx, op, fp);
}

/** Doc §3.6: the status table says success, the callback example says completed (reading transferSuccessStatus). */
const transferStatus = (op) =>
	op.status === 'success' && op.r && op.r.transferSuccessStatus === 'completed'
		? 'completed'
		: op.status;

function transferView(op) {
	const p = cat.prec(op.currency);
	return {
		...viewHead(op),
		done_at: isoOf(op, op.doneMs),
		timestamp: isoOf(op, op.sortMs),
		status: transferStatus(op),
		reason_code: op.reason_code,
		reason_message: op.reason_message,
		currency_code: op.currency,
		amount: fmt(op.amount, p),
		fee_amount: fmt(op.fee, p),
		sender: op.userId,
		recipient: op.recipientId,
		note: op.note,
	};
}

function settle(ctx, op, now) {
	S.settle(ctx.st, op.userId, op.holdCur, op.amount, now, 'transfer_out');
	S.credit(ctx.st, op.recipientId, op.currency, op.amount, now, 'transfer_in');
}

// Reading transferTimestamp=done: `timestamp` (what lists sort and filter on) becomes done_at, as one doc example shows.
function finished(ctx, op) {
	if (op.r.transferTimestamp === 'done') S.moveOp(ctx.st, op, op.doneMs);
}

/** Historical transfers for /__admin/seed (lib/history.js). */
function history(ctx, a) {
	const cur = cat.currencies.get((a.currency || 'BTC').toUpperCase());
	if (!cur) throw new AdminError('unknown currency');
	const rcpt = S.findUser(ctx.st, a.recipient || 'user123');
	if (!rcpt) throw new AdminError('unknown recipient');
	const amount = P(a.amount || '0.001');
	return (op) =>
		Object.assign(op, {
			currency: cur.code,
			amount,
			fee: 0n,
			recipientId: rcpt.id,
			note: 'historical',
			address_book_code: null,
			holdCur: cur.code,
			holdAmt: amount,
		});
}

module.exports = {
	type: 'internal_transfer',
	prefix: 'TRF',
	names: ['internal-transfer', 'transfer'],
	statuses: ['pending', 'success', 'rejected'],
	holding: ['pending'],
	final: ['success', 'rejected'],
	failReason: () => ['transfer_rejected', 'Transfer was rejected'],
	// Doc §3.6 callback example (reading callbackPayload=essential).
	essential: [
		'code',
		'custom_id',
		'created_at',
		'updated_at',
		'done_at',
		'status',
		'reason_code',
		'reason_message',
		'currency_code',
		'amount',
		'fee_amount',
		'sender',
		'recipient',
		'note',
	],
	create: createTransfer,
	status: transferStatus,
	view: transferView,
	settle,
	advance: (ctx, op) => targetOutcome(op, 'rejected'),
	finished,
	history,
};
