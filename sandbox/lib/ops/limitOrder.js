'use strict';
// Limit orders: price and amounts from any two of three, the hold (a buy's fee on top), cancel,
// and the fill once the limit price is marketable.
const money = require('../money');
const cat = require('../catalog');
const S = require('../state');
const v = require('../validate');
const { err, AdminError } = require('../errors');
const {
	isoOf,
	reading,
	idem,
	oneOfGroup,
	findForCancel,
	notCancellable,
	trimTo,
} = require('./shared');
const { baseOp, commit, transition, markedToFail } = require('./lifecycle');

const fmt = money.format;
const P = money.parse;

function createLimitOrder(ctx, userId, body) {
	v.required(body, 'pair');
	if (typeof body.pair !== 'string')
		throw err('validation.invalid', 'pair must be a string', 'pair');
	const pair = cat.pairs.get(cat.codeKey(body.pair, ctx.opts.readings));
	if (!pair) throw err('validation.invalid', `Unknown pair ${body.pair}`, 'pair');
	v.required(body, 'side');
	const side = v.oneOf('side', ['buy', 'sell'], body.side);
	const given = oneOfGroup(body, ['limit_price', 'spend_amount', 'receive_amount'], 2);
	const has = (f) => given.includes(f);
	const pp = pair.price_precision,
		ap = pair.amount_precision,
		qp = pair.total_precision;
	const bp = cat.prec(pair.base),
		qcp = cat.prec(pair.quote);
	const f = P(pair.fee_percent);
	const H = 100n * money.ONE;
	const baseField = side === 'buy' ? 'receive_amount' : 'spend_amount';
	const quoteField = side === 'buy' ? 'spend_amount' : 'receive_amount';
	const price = has('limit_price') ? v.amount(body, 'limit_price', pp) : null;
	const baseIn = has(baseField) ? v.amount(body, baseField, ap) : null;
	const quoteIn = has(quoteField) ? v.amount(body, quoteField, qp) : null;
	let B, Pz;
	// A buy's spend_amount holds the fee only under limitOrderFee=inSpend.
	const buyFee = reading(ctx, 'limitOrderFee') === 'inSpend' ? f : 0n;
	if (side === 'buy') {
		if (price !== null && baseIn !== null) {
			B = baseIn;
			Pz = price;
		} else if (price !== null) {
			Pz = price;
			B = money.div(money.mulDiv(quoteIn, H, H + buyFee, qp, 'down'), Pz, ap, 'down');
		} else {
			B = baseIn;
			Pz = money.div(money.mulDiv(quoteIn, H, H + buyFee, 18, 'down'), B, pp, 'down');
		}
	} else {
		if (price !== null && baseIn !== null) {
			B = baseIn;
			Pz = price;
		} else if (price !== null) {
			Pz = price;
			B = money.div(money.mulDiv(quoteIn, H, H - f, qp, 'up'), Pz, ap, 'up');
		} else {
			B = baseIn;
			Pz = money.div(money.mulDiv(quoteIn, H, H - f, 18, 'up'), B, pp, 'up');
		}
	}
	if (Pz <= 0n) throw err('validation.invalid', 'resulting limit price is zero', 'limit_price');
	v.checkRange(B, baseField, bp, P(pair.min_base), P(pair.max_base), 'base amount');
	const Q = money.mul(B, Pz, qp, side === 'buy' ? 'up' : 'down');
	v.checkRange(Q, quoteField, qcp, P(pair.min_quote), P(pair.max_quote), 'quote value');
	const fee = money.percentOf(Q, f, qp);
	// Doc example: a buy of 0.01 at 29000.00 answers spend_amount 290.00 (fee outside); 290.725 is reserved either way.
	const hold = side === 'buy' ? Q + fee : B;
	const spend = side === 'buy' && reading(ctx, 'limitOrderFee') === 'onTop' ? Q : hold;
	const receive = side === 'buy' ? B : Q - fee;
	if (receive <= 0n) throw err('validation.min_amount', 'order too small', quoteField);
	const p = { callback_url: v.callbackUrl(body), custom_id: v.customId(body) };
	const fp = S.fingerprint({
		pair: pair.symbol,
		side,
		lp: body.limit_price,
		s: body.spend_amount,
		r: body.receive_amount,
		cb: p.callback_url,
	});
	const prev = idem(ctx, userId, 'limit_order', p.custom_id, fp);
	if (prev) return prev;
	const spendCur = side === 'buy' ? pair.quote : pair.base;
	S.hold(ctx.st, userId, spendCur, hold, ctx.now());
	const op = baseOp(ctx, 'limit_order', userId, p);
	Object.assign(op, {
		pair,
		side,
		price: Pz,
		base: B,
		quote: Q,
		fee,
		spend,
		receive,
		holdCur: spendCur,
		holdAmt: hold,
		receiveCur: side === 'buy' ? pair.base : pair.quote,
		status: reading(ctx, 'limitOrderCreateStatus'),
		filled: false,
	});
	return commit(ctx, op, fp);
}

function limitOrderView(op) {
	const bp = cat.prec(op.pair.base),
		qp = cat.prec(op.pair.quote);
	// Doc example: quote values as "290.00"/"0.00" (at least 2 decimals, never rounded), the fee at 8.
	const doc = op.r.amountScale === 'doc';
	const fq = (x) => (doc ? trimTo(x, 2) : fmt(x, qp));
	const fb = (x) => fmt(x, bp);
	const fSpend = op.side === 'buy' ? fq : fb,
		fReceive = op.side === 'buy' ? fb : fq;
	const f = op.filled;
	return {
		code: op.code,
		custom_id: op.custom_id,
		callback_url: op.callback_url,
		pair: op.pair.symbol,
		side: op.side,
		receive_amount: fReceive(op.receive),
		limit_price: fmt(op.price, op.pair.price_precision),
		spend_amount: fSpend(op.spend),
		base_amount: fb(op.base),
		quote_amount: fq(op.quote),
		filled_base_amount: fb(f ? op.base : 0n),
		filled_quote_amount: fq(f ? op.quote : 0n),
		filled_fee_amount: fmt(f ? op.fee : 0n, doc ? Math.max(8, qp) : qp),
		fee_currency: op.pair.quote,
		status: op.status,
		reason_code: op.reason_code,
		reason_message: op.reason_message,
		created_at: isoOf(op, op.createdMs),
		updated_at: isoOf(op, op.updatedMs),
		done_at: isoOf(op, op.doneMs),
	};
}

function cancelLimitOrder(ctx, userId, body) {
	const op = findForCancel(ctx, userId, 'limit_order', body);
	if (op.status === 'queued' || op.status === 'open') {
		// Doc: the answer comes "with status updated to cancelled"; the status table also has cancelling.
		transition(ctx, op, reading(ctx, 'limitOrderCancelStatus'));
		return op;
	}
	if (op.status === 'cancelling' || op.status === 'cancelled') return op;
	throw notCancellable('Order', op);
}

/** A step opens a queued order, ends a cancelling one, and fills an open one once marketable against latest_price. */
function advance(ctx, op) {
	if (op.status === 'queued') return markedToFail(op) && !op.outcome ? 'failed' : 'open';
	if (op.status === 'cancelling') return 'cancelled';
	const latest = P(op.pair.latest_price);
	const fillable = op.side === 'buy' ? op.price >= latest : op.price <= latest;
	if (op.outcome) return op.outcome;
	if (markedToFail(op)) return 'failed';
	return fillable ? 'success' : null;
}

function settle(ctx, op, now) {
	op.filled = true;
	S.settle(ctx.st, op.userId, op.holdCur, op.holdAmt, now, 'exchange_out');
	S.credit(ctx.st, op.userId, op.receiveCur, op.receive, now, 'exchange_in');
}

/** Historical orders for /__admin/seed (lib/history.js), buys and sells alternating unless `side` is given. */
function history(ctx, a) {
	const pair = cat.pairs.get(a.pair || 'BTCUSDT');
	if (!pair) throw new AdminError('unknown pair');
	const price = P(a.limit_price || pair.latest_price);
	const base = P(a.base_amount || '0.01');
	const quote = money.mul(base, price, pair.total_precision, 'up');
	const fee = money.percentOf(quote, P(pair.fee_percent), pair.total_precision);
	return (op, i) => {
		const side = a.side || (i % 2 ? 'sell' : 'buy');
		Object.assign(op, {
			pair,
			side,
			price,
			base,
			quote,
			fee,
			spend: side === 'buy' ? quote + fee : base,
			receive: side === 'buy' ? base : quote - fee,
			holdCur: side === 'buy' ? pair.quote : pair.base,
			holdAmt: 0n,
			receiveCur: side === 'buy' ? pair.base : pair.quote,
			filled: op.status === 'success',
		});
	};
}

module.exports = {
	type: 'limit_order',
	prefix: 'LMT',
	names: ['limit-order', 'order'],
	statuses: ['queued', 'open', 'cancelling', 'success', 'failed', 'cancelled'],
	holding: ['queued', 'open', 'cancelling'],
	final: ['success', 'failed', 'cancelled'],
	failReason: () => ['order_failed', 'Order was rejected by the exchange'],
	create: createLimitOrder,
	cancel: cancelLimitOrder,
	view: limitOrderView,
	settle,
	advance,
	history,
};
