'use strict';
// Operations: creation (validated), doc-shaped views, status transitions with
// their balance effects, and the scheduler step that drives lifecycles.
const crypto = require('crypto');
const money = require('./money');
const cat = require('./catalog');
const S = require('./state');
const v = require('./validate');
const { err, AdminError } = require('./errors');

const fmt = money.format;
const P = money.parse;
const iso = (ms) =>
	ms === null || ms === undefined ? null : new Date(ms).toISOString().slice(0, 19) + 'Z';
const sec = (ms) => Math.floor(ms / 1000) * 1000; // doc timestamps have second precision
/** An operation's time as the dateFormat reading says: "…15Z" (every example), "…15.000Z" or "…15+00:00". */
const isoOf = (op, ms) => {
	const t = iso(ms);
	const f = op.r ? op.r.dateFormat : 'seconds';
	if (t === null || f === 'seconds') return t;
	return f === 'millis' ? t.replace('Z', '.000Z') : t.replace('Z', '+00:00');
};

const STATUSES = {
	deposit: ['pending', 'quarantine', 'suspended', 'success', 'failed'],
	withdrawal: ['pending', 'suspended', 'success', 'failed'],
	swap: ['open', 'success', 'failed', 'cancelled'],
	internal_transfer: ['pending', 'success', 'rejected'],
	limit_order: ['queued', 'open', 'cancelling', 'success', 'failed', 'cancelled'],
	aml_check: ['queued', 'pending', 'success', 'failed'],
};
const HOLDING = {
	deposit: [],
	withdrawal: ['pending', 'suspended'],
	swap: ['open'],
	internal_transfer: ['pending'],
	limit_order: ['queued', 'open', 'cancelling'],
	aml_check: ['queued', 'pending'],
};
const FINAL = {
	deposit: ['success', 'failed'],
	withdrawal: ['success', 'failed'],
	swap: ['success', 'failed', 'cancelled'],
	internal_transfer: ['success', 'rejected'],
	limit_order: ['success', 'failed', 'cancelled'],
	aml_check: ['success', 'failed'],
};
const isFinal = (op) => FINAL[op.type].includes(op.status);
const isHolding = (op) => HOLDING[op.type].includes(op.status);

/** Deterministic failure marker: "fail" in address/tag/note/transaction/custom_id (case-insensitive). */
function markedToFail(op) {
	return [op.address, op.tag, op.note, op.transaction, op.custom_id].some(
		(x) => typeof x === 'string' && /fail/i.test(x),
	);
}

function baseOp(ctx, type, userId, body) {
	const now = ctx.now();
	return {
		type,
		code: S.nextCode(ctx.st, type),
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

/** The sandbox's choice where the doc is open (lib/readings.js). */
function reading(ctx, name) {
	const value = ctx.readings && ctx.readings[name];
	if (value === undefined) throw new Error(`reading ${name} is not in sandbox/lib/readings.js`);
	return value;
}

function idem(ctx, userId, type, customId, fp) {
	const code = S.idemLookup(ctx.st, userId, type, customId, fp, reading(ctx, 'customIdReuse'));
	return code ? ctx.st.ops[type].byCode.get(code) : null;
}

// ---- deposit addresses ------------------------------------------------------

function makeAddress(kind, seedStr) {
	const h = Buffer.concat([
		crypto.createHash('sha256').update(seedStr).digest(),
		crypto
			.createHash('sha256')
			.update(seedStr + '#')
			.digest(),
	]);
	const b58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
	const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	const pick = (alpha, n) =>
		Array.from({ length: n }, (_, i) => alpha[h[i % 64] % alpha.length]).join('');
	const tag = String(100000 + (h.readUInt32BE(0) % 900000));
	switch (kind) {
		case 'btc':
			return {
				address:
					'bc1q' +
					h
						.toString('hex')
						.slice(0, 38)
						.replace(/[^a-z0-9]/g, 'q'),
				tag: null,
			};
		case 'eth':
			return { address: '0x' + h.toString('hex').slice(0, 40), tag: null };
		case 'tron':
			return { address: 'T' + pick(b58, 33), tag: null };
		case 'xlm':
			return { address: 'G' + pick(b32, 55), tag };
		case 'xrp':
			return { address: 'r' + pick(b58, 33), tag };
		case 'iban':
			return {
				address:
					'LT' +
					String(h.readUInt32BE(4)).padStart(10, '0') +
					String(h.readUInt32BE(8)).padStart(8, '0'),
				tag,
			};
		default:
			return { address: h.toString('hex'), tag: null };
	}
}

function newAddress(ctx, userId, m, body) {
	const st = ctx.st;
	let perUser = st.addresses.get(userId);
	if (!perUser) st.addresses.set(userId, (perUser = new Map()));
	const list = perUser.get(m.code) || [];
	perUser.set(m.code, list);
	const a = makeAddress(m.addr, `${userId}|${m.code}|${list.length}|${st.seq}`);
	const rec = {
		userId,
		method: m.code,
		currency: m.currency,
		address: a.address,
		tag: a.tag,
		callback_url: body.callback_url || null,
		custom_id: body.custom_id || null,
	};
	list.push(rec);
	st.addressIndex.set(`${m.code}|${rec.address}|${rec.tag}`, rec);
	return rec;
}

function latestAddress(ctx, userId, methodCode) {
	const list = ctx.st.addresses.get(userId)?.get(methodCode);
	return list && list.length ? list[list.length - 1] : null;
}

const addressView = (rec, m, readings) => ({
	address: rec.address,
	tag: rec.tag,
	network: cat.networkCode(m.network, readings),
	currency: m.currency,
});

function generateAddress(ctx, userId, body) {
	v.required(body, 'currency');
	const cur = cat.currency(body, 'currency', ctx.opts.readings);
	const m = cat.method(body, cur, 'deposit', ctx.opts.readings);
	const p = { callback_url: v.callbackUrl(body), custom_id: v.customId(body) };
	const fp = S.fingerprint({ currency: cur.code, method: m.code, callback_url: p.callback_url });
	const prev = S.idemLookup(
		ctx.st,
		userId,
		'deposit_address',
		p.custom_id,
		fp,
		reading(ctx, 'customIdReuse'),
	);
	if (prev) return addressView(prev, m, ctx.opts.readings);
	// "Generates a new deposit address" -- or hands out the method's existing one (/deposit-methods shows one deposit_address per method).
	const existing =
		reading(ctx, 'depositAddressReuse') === 'same' && latestAddress(ctx, userId, m.code);
	if (existing) {
		S.idemStore(ctx.st, userId, 'deposit_address', p.custom_id, fp, existing);
		return addressView(existing, m, ctx.opts.readings);
	}
	const rec = newAddress(ctx, userId, m, p);
	S.idemStore(ctx.st, userId, 'deposit_address', p.custom_id, fp, rec);
	return addressView(rec, m, ctx.opts.readings);
}

// ---- deposits (created by admin: the "blockchain" side) ---------------------

function createDeposit(ctx, a) {
	const st = ctx.st;
	const userId = a.user || 'demo';
	if (!st.users.has(userId)) throw new AdminError(`unknown user ${userId}`);
	let cur, m;
	try {
		cur = cat.currency({ currency: a.currency }, 'currency');
		m = cat.method({ method: a.method }, cur, 'deposit');
	} catch (e) {
		throw new AdminError(e.message);
	}
	if (
		typeof a.amount !== 'string' ||
		!money.AMOUNT_RE.test(a.amount) ||
		money.decimals(a.amount) > m.deposit.precision ||
		P(a.amount) <= 0n
	) {
		throw new AdminError(
			`amount must be a positive decimal string with at most ${m.deposit.precision} decimals`,
		);
	}
	let rec = a.address
		? st.addressIndex.get(`${m.code}|${a.address}|${a.tag ?? null}`) ||
			[...st.addressIndex.values()].find((r) => r.method === m.code && r.address === a.address)
		: latestAddress(ctx, userId, m.code);
	if (!rec && a.address)
		rec = { userId, address: a.address, tag: a.tag ?? null, callback_url: null, custom_id: null };
	if (!rec) rec = newAddress(ctx, userId, m, {});
	const op = baseOp(ctx, 'deposit', rec.userId, {
		custom_id: rec.custom_id,
		callback_url: a.callback_url ?? rec.callback_url,
	});
	const amount = P(a.amount);
	const d = m.deposit;
	let fee = P(d.fee_absolute) + money.percentOf(amount, P(d.fee_percent), d.precision);
	if (fee > amount) fee = amount;
	Object.assign(op, {
		method: m,
		currency: m.currency,
		amount,
		fee,
		status: 'pending',
		confirmations: 0,
		required: d.confirmations,
		txid:
			a.txid ||
			crypto
				.createHash('sha256')
				.update(op.code + ':' + ctx.now())
				.digest('hex'),
		address: rec.address,
		tag: rec.tag,
	});
	commit(ctx, op, null);
	if (a.status && a.status !== 'pending') transition(ctx, op, a.status, { force: true });
	else ctx.notify(op);
	return op;
}

function depositView(op) {
	const p = op.method.deposit.precision;
	const attributes = { address: op.address };
	if (op.tag !== null && op.tag !== undefined) attributes.tag = op.tag;
	return {
		code: op.code,
		custom_id: op.custom_id,
		callback_url: op.callback_url,
		created_at: isoOf(op, op.createdMs),
		updated_at: isoOf(op, op.updatedMs),
		done_at: isoOf(op, op.doneMs),
		method: op.method.code,
		network: cat.networkCode(op.method.network, op.r),
		contract: op.method.contract ? { ...op.method.contract } : null,
		status: op.status,
		reason_code: op.reason_code,
		reason_message: op.reason_message,
		currency: op.currency,
		coin: op.method.coin,
		amount: fmt(op.amount, p),
		fee_amount: fmt(op.fee, p),
		actual_confirmations: op.confirmations,
		required_confirmations: op.required,
		txid: op.txid,
		attributes,
	};
}

// ---- withdrawals ---------------------------------------------------------------

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
		code: op.code,
		custom_id: op.custom_id,
		callback_url: op.callback_url,
		created_at: isoOf(op, op.createdMs),
		updated_at: isoOf(op, op.updatedMs),
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

// ---- swaps ----------------------------------------------------------------------------

function oneOfGroup(body, fields, exactly) {
	const given = fields.filter((f) => v.present(body[f]));
	if (given.length !== exactly) {
		const what =
			exactly === 1
				? `Exactly one of ${fields.join(', ')} must be provided`
				: `Exactly ${exactly} of ${fields.join(', ')} must be provided`;
		throw err('validation.one_of', what, fields.join(','));
	}
	return given;
}

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

/** Shortest form with at least `min` decimals ("29485.25", "290.00", "0.0000339"). */
function trimTo(v, min) {
	const s = fmt(v, money.SCALE);
	const [i, frac] = s.split('.');
	let f = frac.replace(/0+$/, '');
	if (f.length < min) f = f.padEnd(min, '0');
	return f ? `${i}.${f}` : i;
}

/** code wins over custom_id (doc §3.5/§3.7). */
function findForCancel(ctx, userId, type, body) {
	oneOfGroupAtLeast(body, ['code', 'custom_id']);
	if (v.present(body.code)) {
		if (typeof body.code !== 'string')
			throw err('validation.invalid', 'code must be a string', 'code');
		return S.getOp(ctx.st, type, userId, body.code);
	}
	if (typeof body.custom_id !== 'string')
		throw err('validation.invalid', 'custom_id must be a string', 'custom_id');
	const hit = ctx.st.idem.get(`${userId}|${type}|${body.custom_id}`);
	if (!hit) throw err('not_found', `No ${type.replace('_', ' ')} with custom_id ${body.custom_id}`);
	return ctx.st.ops[type].byCode.get(hit.ref);
}

function oneOfGroupAtLeast(body, fields) {
	if (!fields.some((f) => v.present(body[f]))) {
		throw err(
			'validation.one_of',
			`At least one of ${fields.join(', ')} must be provided`,
			fields.join(','),
		);
	}
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
	throw err(
		'validation.invalid',
		`Swap ${op.code} is already ${op.status} and cannot be cancelled`,
		'code',
	);
}

// ---- internal transfers -------------------------------------------------------------

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
		code: op.code,
		custom_id: op.custom_id,
		callback_url: op.callback_url,
		created_at: isoOf(op, op.createdMs),
		updated_at: isoOf(op, op.updatedMs),
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

// ---- limit orders -------------------------------------------------------------------

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
	throw err(
		'validation.invalid',
		`Order ${op.code} is already ${op.status} and cannot be cancelled`,
		'code',
	);
}

// ---- AML checks ---------------------------------------------------------------------

function createAmlCheck(ctx, userId, body) {
	v.required(body, 'direction');
	const direction = v.oneOf('direction', ['deposit', 'withdrawal'], body.direction);
	v.required(body, 'token');
	if (!Number.isInteger(body.token))
		throw err('validation.invalid', 'token must be an integer token id', 'token');
	const token = cat.tokens.get(body.token);
	if (!token) throw err('validation.invalid', `Unknown token ${body.token}`, 'token');
	if (direction === 'withdrawal') v.required(body, 'address');
	if (direction === 'deposit') v.required(body, 'transaction');
	const address = v.optString(body, 'address', 512);
	const transaction = v.optString(body, 'transaction', 512);
	const p = { callback_url: v.callbackUrl(body), custom_id: v.customId(body) };
	let plan = null;
	if (v.present(body.plan)) {
		plan = cat.plans.get(body.plan);
		if (!plan) throw err('validation.invalid', `Unknown plan ${body.plan}`, 'plan');
	}
	const fp = S.fingerprint({
		direction,
		token: token.id,
		address,
		transaction,
		cb: p.callback_url,
		plan: plan && plan.code,
	});
	const prev = idem(ctx, userId, 'aml_check', p.custom_id, fp);
	if (prev) return prev;
	if (!plan) {
		// No plan parameter in the doc: use AMLCHECK credits first, then USDT.
		plan =
			[...cat.plans.values()].find(
				(pl) => S.bal(ctx.st, userId, pl.currency).available >= P(pl.price),
			) || cat.plans.get('amlcheck');
	}
	const price = P(plan.price);
	S.hold(ctx.st, userId, plan.currency, price, ctx.now());
	const op = baseOp(ctx, 'aml_check', userId, p);
	Object.assign(op, {
		direction,
		token,
		address,
		transaction,
		plan,
		price,
		holdCur: plan.currency,
		holdAmt: price,
		status: reading(ctx, 'amlCreateStatus'),
		report: null,
	});
	return commit(ctx, op, fp);
}

function amlReport(ctx, op) {
	const key = op.address || op.transaction || '';
	const override = ctx.st.amlRisk.get(key);
	let riskscore = 0.1,
		grade = 'low';
	let signals = {
		exchange_mlrisk_low: 0.1,
		mixer: 0.0,
		dark_market: 0.0,
		scam: 0.0,
		gambling: 0.0,
		sanctions: 0.0,
	};
	if (override) {
		riskscore = override.riskscore;
		grade = override.alert_grade;
		signals = override.signals || { ...signals, mixer: riskscore };
	} else if (/risky|sanction/i.test(key)) {
		riskscore = 0.92;
		grade = 'severe';
		signals = {
			exchange_mlrisk_low: 0.0,
			mixer: 0.12,
			dark_market: 0.0,
			scam: 0.0,
			gambling: 0.0,
			sanctions: 0.8,
		};
	}
	const t = Math.floor(ctx.now() / 1000);
	return {
		direction: op.direction,
		status: op.r.amlReportStatusCase === 'upper' ? 'READY' : 'ready',
		alert_grade: grade,
		riskscore,
		signals,
		address: op.address,
		tx: op.transaction,
		currency: op.token.currency,
		token_id: op.token.id,
		time: t,
		created_at: t,
		updated_at: t,
	};
}

function amlView(op) {
	return {
		code: op.code,
		custom_id: op.custom_id,
		callback_url: op.callback_url,
		created_at: isoOf(op, op.createdMs),
		updated_at: isoOf(op, op.updatedMs),
		plan: op.plan.code,
		token: op.token.id,
		currency: op.plan.currency,
		price: op.plan.price,
		status: op.status,
		reason_code: op.reason_code,
		reason_message: op.reason_message,
		address: op.address,
		transaction: op.transaction,
		direction: op.direction,
		report: op.report ? reportView(op) : null,
		refund_on_fail: true,
	};
}

/** Doc §3.8: riskscore and signal values are floats; a string reading ("0.1") keeps the decimal as written. */
function reportView(op) {
	const report = JSON.parse(JSON.stringify(op.report));
	if (op.r.riskscoreType === 'string') {
		report.riskscore = String(report.riskscore);
		report.signals = Object.fromEntries(
			Object.entries(report.signals).map(([k, x]) => [k, String(x)]),
		);
	}
	return report;
}

const VIEWS = {
	deposit: depositView,
	withdrawal: withdrawalView,
	swap: swapView,
	internal_transfer: transferView,
	limit_order: limitOrderView,
	aml_check: amlView,
};
const view = (op) => VIEWS[op.type](op);

// Doc §3.3/§3.6/§3.8 callback examples carry "essential fields" only (reading callbackPayload=essential).
const ESSENTIAL = {
	deposit: [
		'code',
		'custom_id',
		'created_at',
		'updated_at',
		'done_at',
		'status',
		'reason_code',
		'reason_message',
		'currency',
		'amount',
		'fee_amount',
		'txid',
		'attributes',
	],
	internal_transfer: [
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
	aml_check: [
		'code',
		'custom_id',
		'created_at',
		'updated_at',
		'status',
		'reason_code',
		'reason_message',
		'plan',
		'token',
		'currency',
		'price',
		'report',
	],
};
function callbackView(op) {
	const full = view(op);
	const keep = op.r && op.r.callbackPayload === 'essential' && ESSENTIAL[op.type];
	if (!keep) return full;
	return Object.fromEntries(keep.map((k) => [k, full[k]]));
}

// ---- transitions ---------------------------------------------------------------------

const FAIL_REASON = {
	deposit: ['deposit_rejected', 'Deposit was rejected'],
	withdrawal: ['withdrawal_failed', 'Withdrawal was rejected by the network'],
	swap: ['swap_failed', 'Swap could not be executed'],
	internal_transfer: ['transfer_rejected', 'Transfer was rejected'],
	limit_order: ['order_failed', 'Order was rejected by the exchange'],
	aml_check: ['provider_error', 'AML provider failed to produce a report'],
};

/** Apply a status change with its balance effects and a callback. */
function transition(ctx, op, status, o = {}) {
	const st = ctx.st;
	if (!STATUSES[op.type].includes(status))
		throw new AdminError(
			`invalid status "${status}" for ${op.type}; one of ${STATUSES[op.type].join(', ')}`,
		);
	if (isFinal(op)) throw new AdminError(`${op.type} ${op.code} is already final (${op.status})`);
	const now = ctx.now();
	const wasHolding = isHolding(op);
	const final = FINAL[op.type].includes(status);
	if (final && wasHolding) {
		if (status === 'success') settleSuccess(ctx, op, now);
		else S.release(st, op.userId, op.holdCur, op.holdAmt, now);
	}
	if (op.type === 'deposit' && status === 'success') {
		op.confirmations = Math.max(op.confirmations, op.required);
		S.credit(st, op.userId, op.currency, op.amount - op.fee, now, 'deposit');
	}
	if (final && status !== 'success') {
		const [c, m] =
			o.reason ||
			(status === 'cancelled'
				? ['cancelled', 'Cancelled by user']
				: op.type === 'swap' && op.expired
					? ['expired', 'Swap quote expired']
					: FAIL_REASON[op.type]);
		op.reason_code = c;
		op.reason_message = m;
	}
	if (op.type === 'aml_check' && status === 'success') op.report = amlReport(ctx, op);
	op.status = status;
	op.updatedMs = sec(now);
	if (final) {
		op.doneMs = sec(now);
		st.active.delete(op);
	}
	// Reading transferTimestamp=done: `timestamp` (what lists sort and filter on) becomes done_at, as one doc example shows.
	if (final && op.type === 'internal_transfer' && op.r.transferTimestamp === 'done')
		S.moveOp(st, op, op.doneMs);
	ctx.notify(op);
	return op;
}

function settleSuccess(ctx, op, now) {
	const st = ctx.st;
	switch (op.type) {
		case 'withdrawal':
			op.paid = op.exact ? op.amount : op.amount - op.fee;
			op.paidFee = op.fee;
			if (!op.txid) op.txid = txid(op);
			S.settle(st, op.userId, op.holdCur, op.paid, now, 'withdrawal');
			S.settle(st, op.userId, op.holdCur, op.paidFee, now, 'fee');
			break;
		case 'swap':
			op.filled = true;
			S.settle(st, op.userId, op.holdCur, op.spend, now, 'exchange_out');
			S.credit(st, op.userId, op.direction.receive, op.credit, now, 'exchange_in');
			break;
		case 'limit_order':
			op.filled = true;
			S.settle(st, op.userId, op.holdCur, op.holdAmt, now, 'exchange_out');
			S.credit(st, op.userId, op.receiveCur, op.receive, now, 'exchange_in');
			break;
		case 'internal_transfer':
			S.settle(st, op.userId, op.holdCur, op.amount, now, 'transfer_out');
			S.credit(st, op.recipientId, op.currency, op.amount, now, 'transfer_in');
			break;
		case 'aml_check':
			S.settle(st, op.userId, op.holdCur, op.price, now, 'aml_fee');
			break;
		default:
	}
}

const txid = (op) =>
	crypto
		.createHash('sha256')
		.update('tx:' + op.code)
		.digest('hex');

/** Final status the op will reach on its own: admin outcome, else marker, else success. */
function targetOutcome(op, failStatus) {
	if (op.outcome) return op.outcome;
	return markedToFail(op) ? failStatus : 'success';
}

/** One scheduler step for one op. */
function advance(ctx, op) {
	op.ticks += 1;
	const now = ctx.now();
	switch (op.type) {
		case 'deposit':
			if (op.status !== 'pending') return; // quarantine/suspended wait for admin
			if (op.confirmations < op.required) {
				op.confirmations += 1;
				op.updatedMs = sec(now);
				return;
			}
			transition(ctx, op, targetOutcome(op, 'failed'));
			return;
		case 'withdrawal':
			if (op.status !== 'pending') return;
			if (!op.txid) {
				op.txid = txid(op);
				op.updatedMs = sec(now);
				ctx.notify(op);
				return;
			} // txid appears while pending
			transition(ctx, op, targetOutcome(op, 'failed'));
			return;
		case 'swap':
			if (op.cancelRequestedMs !== null) return void transition(ctx, op, 'cancelled');
			if (now > op.validTillMs && !op.outcome) {
				op.expired = true;
				return void transition(ctx, op, 'failed');
			}
			transition(ctx, op, targetOutcome(op, 'failed'));
			return;
		case 'internal_transfer':
			transition(ctx, op, targetOutcome(op, 'rejected'));
			return;
		case 'limit_order': {
			if (op.status === 'queued')
				return void transition(ctx, op, markedToFail(op) && !op.outcome ? 'failed' : 'open');
			if (op.status === 'cancelling') return void transition(ctx, op, 'cancelled');
			// open: fills when the limit price is marketable against latest_price (or admin outcome says so)
			const latest = P(op.pair.latest_price);
			const fillable = op.side === 'buy' ? op.price >= latest : op.price <= latest;
			if (op.outcome) transition(ctx, op, op.outcome);
			else if (markedToFail(op)) transition(ctx, op, 'failed');
			else if (fillable) transition(ctx, op, 'success');
			return;
		}
		case 'aml_check':
			if (op.status === 'queued') return void transition(ctx, op, 'pending');
			transition(ctx, op, targetOutcome(op, 'failed'));
			return;
		default:
	}
}

function tick(ctx) {
	for (const op of [...ctx.st.active]) {
		if (ctx.st.active.has(op)) advance(ctx, op);
	}
}

module.exports = {
	STATUSES,
	HOLDING,
	FINAL,
	isFinal,
	isHolding,
	iso,
	isoOf,
	sec,
	view,
	VIEWS,
	callbackView,
	transferStatus,
	generateAddress,
	latestAddress,
	createDeposit,
	createWithdrawal,
	createSwap,
	cancelSwap,
	createTransfer,
	createLimitOrder,
	cancelLimitOrder,
	createAmlCheck,
	swapCreateView,
	trimTo,
	transition,
	advance,
	tick,
	makeAddress,
	markedToFail,
};
