'use strict';
// Deposits: the address a user generates, the incoming transfer the admin API plays, its
// confirmations and credit.
const crypto = require('crypto');
const money = require('../money');
const cat = require('../catalog');
const S = require('../state');
const v = require('../validate');
const { AdminError } = require('../errors');
const { isoOf, viewHead, reading, sec, sha256Hex } = require('./shared');
const { baseOp, commit, transition, targetOutcome } = require('./lifecycle');

const fmt = money.format;
const P = money.parse;

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
		txid: a.txid || sha256Hex(op.code + ':' + ctx.now()),
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
		...viewHead(op),
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

/** A step adds one confirmation until enough, then ends the deposit; quarantine and suspended wait for the admin. */
function advance(ctx, op, now) {
	if (op.status !== 'pending') return null;
	if (op.confirmations < op.required) {
		op.confirmations += 1;
		op.updatedMs = sec(now);
		return null;
	}
	return targetOutcome(op, 'failed');
}

function settle(ctx, op, now) {
	op.confirmations = Math.max(op.confirmations, op.required);
	S.credit(ctx.st, op.userId, op.currency, op.amount - op.fee, now, 'deposit');
}

/** Historical deposits for /__admin/seed (lib/history.js). */
function history(ctx, a, status) {
	const cur = cat.currencies.get((a.currency || 'BTC').toUpperCase());
	if (!cur) throw new AdminError('unknown currency');
	const m = cat.method({ method: a.method }, cur, 'deposit');
	const amount = P(a.amount || m.deposit.min);
	return (op, i) =>
		Object.assign(op, {
			method: m,
			currency: cur.code,
			amount,
			fee: 0n,
			confirmations: status === 'success' ? m.deposit.confirmations : 0,
			required: m.deposit.confirmations,
			txid: sha256Hex(op.code),
			address: a.address || `seed-address-${i % 10}`,
			tag: null,
		});
}

module.exports = {
	type: 'deposit',
	prefix: 'DEP',
	names: ['deposits'],
	statuses: ['pending', 'quarantine', 'suspended', 'success', 'failed'],
	holding: [],
	final: ['success', 'failed'],
	failReason: () => ['deposit_rejected', 'Deposit was rejected'],
	// Doc §3.3 callback example (reading callbackPayload=essential).
	essential: [
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
	create: createDeposit,
	view: depositView,
	settle,
	advance,
	history,
	generateAddress,
	latestAddress,
};
