'use strict';
// Withdrawals: the request and its fee, the hold, the txid that appears while pending, the payout.
const money = require('../money');
const cat = require('../catalog');
const S = require('../state');
const v = require('../validate');
const { err, AdminError } = require('../errors');
const { isoOf, viewHead, reading, idem, sec, sha256Hex } = require('./shared');
const { baseOp, commit, targetOutcome } = require('./lifecycle');

const fmt = money.format;
const P = money.parse;

const BENEFICIARY_FIELDS = ['first_name', 'last_name', 'email', 'phone', 'iban', 'tin', 'edrpou'];

function beneficiary(body, requiredFlag) {
	const b = body.beneficiary;
	if (!v.present(b)) {
		if (requiredFlag)
			throw err('validation.required', 'beneficiary is required for this method', 'beneficiary');
		return null;
	}
	if (typeof b !== 'object' || Array.isArray(b))
		throw err('validation.invalid', 'beneficiary must be an object', 'beneficiary');
	const out = {};
	for (const [k, val] of Object.entries(b)) {
		if (!BENEFICIARY_FIELDS.includes(k))
			throw err('validation.invalid', `Unknown beneficiary field ${k}`, `beneficiary.${k}`);
		if (typeof val !== 'string')
			throw err('validation.invalid', `beneficiary.${k} must be a string`, `beneficiary.${k}`);
		out[k] = val;
	}
	if (requiredFlag)
		for (const k of ['first_name', 'last_name', 'iban']) {
			if (!v.present(out[k]))
				throw err(
					'validation.required',
					`beneficiary.${k} is required for this method`,
					`beneficiary.${k}`,
				);
		}
	return out;
}

function createWithdrawal(ctx, userId, body) {
	v.required(body, 'currency');
	const cur = cat.currency(body, 'currency', ctx.readings);
	const m = cat.withdrawMethod(ctx, body, cur);
	const w = m.withdraw;
	v.required(body, 'amount');
	v.required(body, 'address');
	const amount = v.amount(body, 'amount', w.precision, P(w.min), P(w.max));
	const address = v.optString(body, 'address', 512);
	const tag = w.tag ? v.reqString(body, 'tag', 64) : v.optString(body, 'tag', 64);
	const ben = beneficiary(body, w.beneficiary);
	const rm = body.receive_mode;
	// Doc §3.4: the table says string "exact", both examples send true (reading receiveMode).
	const form = reading(ctx, 'receiveMode');
	const okForms = { both: ['exact', true, false], exact: ['exact'], boolean: [true, false] }[form];
	if (!(rm === undefined || rm === null || okForms.includes(rm))) {
		const what = {
			both: '"exact" (true is accepted as an alias)',
			exact: '"exact"',
			boolean: 'true or false',
		}[form];
		throw err('validation.invalid', `receive_mode must be ${what}`, 'receive_mode');
	}
	const exact = rm === 'exact' || rm === true;
	const p = {
		callback_url: v.callbackUrl(body),
		custom_id: v.customId(body),
		address_book_code: v.optString(body, 'address_book_code', 255),
	};
	const fee = P(w.fee_absolute) + money.percentOf(amount, P(w.fee_percent), w.precision);
	if (!exact && amount <= fee)
		throw err('validation.min_amount', 'amount must exceed the withdrawal fee', 'amount');
	const fp = S.fingerprint({
		c: cur.code,
		m: m.code,
		amount,
		address,
		tag,
		ben,
		exact,
		cb: p.callback_url,
		ab: p.address_book_code,
	});
	const prev = idem(ctx, userId, 'withdrawal', p.custom_id, fp);
	if (prev) return prev;
	const holdAmt = exact ? amount + fee : amount;
	S.hold(ctx.st, userId, cur.code, holdAmt, ctx.now());
	const op = baseOp(ctx, 'withdrawal', userId, p);
	Object.assign(op, {
		method: m,
		currency: cur.code,
		amount,
		fee,
		exact,
		holdCur: cur.code,
		holdAmt,
		status: 'pending',
		txid: null,
		address,
		tag,
		beneficiary: ben,
		address_book_code: p.address_book_code,
		paid: 0n,
		paidFee: 0n,
	});
	return commit(ctx, op, fp);
}

function withdrawalView(op) {
	const p = op.method.withdraw.precision;
	const attributes = { address: op.address };
	if (op.tag !== null) attributes.tag = op.tag;
	if (op.beneficiary) attributes.beneficiary = { ...op.beneficiary };
	return {
		...viewHead(op),
		closed_at: isoOf(op, op.doneMs),
		currency: op.currency,
		coin: op.method.coin,
		method: op.method.code,
		network: cat.networkCode(op.method.network, op.r),
		contract: op.method.contract ? { ...op.method.contract } : null,
		status: op.status,
		reason_code: op.reason_code,
		reason_message: op.reason_message,
		amount: fmt(op.amount, p),
		fee_amount: fmt(op.fee, p),
		paid_amount: fmt(op.paid, p),
		paid_fee_amount: fmt(op.paidFee, p),
		// Doc §3.4: the field table has top-level address/tag/address_book_code, the example only address; reading "attributes": none of them.
		...(op.r.withdrawalAddressFields === 'attributes'
			? {}
			: { address: op.address, tag: op.tag, address_book_code: op.address_book_code }),
		txid: op.txid,
		attributes,
	};
}

const txid = (op) => sha256Hex('tx:' + op.code);

/** A step gives a pending withdrawal its txid (a callback of its own), the next one ends it. */
function advance(ctx, op, now) {
	if (op.status !== 'pending') return null;
	if (!op.txid) {
		op.txid = txid(op);
		op.updatedMs = sec(now);
		ctx.notify(op);
		return null;
	}
	return targetOutcome(op, 'failed');
}

function settle(ctx, op, now) {
	op.paid = op.exact ? op.amount : op.amount - op.fee;
	op.paidFee = op.fee;
	if (!op.txid) op.txid = txid(op);
	S.settle(ctx.st, op.userId, op.holdCur, op.paid, now, 'withdrawal');
	S.settle(ctx.st, op.userId, op.holdCur, op.paidFee, now, 'fee');
}

/** Historical withdrawals for /__admin/seed (lib/history.js). */
function history(ctx, a, status) {
	const cur = cat.currencies.get((a.currency || 'BTC').toUpperCase());
	if (!cur) throw new AdminError('unknown currency');
	const m = cat.method({ method: a.method }, cur, 'withdraw');
	const amount = P(a.amount || m.withdraw.min);
	const fee =
		P(m.withdraw.fee_absolute) +
		money.percentOf(amount, P(m.withdraw.fee_percent), m.withdraw.precision);
	const ok = status === 'success';
	return (op, i) =>
		Object.assign(op, {
			method: m,
			currency: cur.code,
			amount,
			fee,
			exact: false,
			holdCur: cur.code,
			holdAmt: amount,
			txid: ok ? sha256Hex(op.code) : null,
			address: a.address || `seed-destination-${i % 10}`,
			tag: m.withdraw.tag ? '1' : null,
			beneficiary: null,
			address_book_code: null,
			paid: ok ? amount - fee : 0n,
			paidFee: ok ? fee : 0n,
		});
}

module.exports = {
	type: 'withdrawal',
	prefix: 'WDR',
	names: ['withdraw', 'withdrawals'],
	statuses: ['pending', 'suspended', 'success', 'failed'],
	holding: ['pending', 'suspended'],
	final: ['success', 'failed'],
	failReason: () => ['withdrawal_failed', 'Withdrawal was rejected by the network'],
	create: createWithdrawal,
	view: withdrawalView,
	settle,
	advance,
	history,
};
