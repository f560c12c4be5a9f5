'use strict';
// Bulk historical records for pagination/perf tests (/__admin/seed). Records are
// built directly (no per-record validation or sorted inserts) so 50 000 take
// well under a second. History does not move balances; only non-holding
// statuses are allowed so /__admin/reconcile stays consistent.
const crypto = require('crypto');
const money = require('./money');
const cat = require('./catalog');
const S = require('./state');
const ops = require('./ops');
const { AdminError } = require('./errors');

const P = money.parse;
const DEFAULT_STATUS = {
	deposit: 'success',
	withdrawal: 'success',
	swap: 'success',
	internal_transfer: 'success',
	limit_order: 'success',
	aml_check: 'success',
};

function seedHistory(ctx, a) {
	const type = a.type;
	if (!S.TYPES.includes(type)) throw new AdminError(`type must be one of ${S.TYPES.join(', ')}`);
	const count = a.count ?? 100;
	if (!Number.isInteger(count) || count < 1 || count > 1000000)
		throw new AdminError('count must be an integer 1..1000000');
	const userId = a.user || 'demo';
	if (!ctx.st.users.has(userId)) throw new AdminError(`unknown user ${userId}`);
	const status = a.status || DEFAULT_STATUS[type];
	if (!ops.STATUSES[type].includes(status))
		throw new AdminError(`invalid status ${status} for ${type}`);
	if (ops.HOLDING[type].includes(status))
		throw new AdminError(`status ${status} holds funds; seed only non-holding statuses`);
	const start =
		a.start === undefined ? ctx.now() : typeof a.start === 'number' ? a.start : Date.parse(a.start);
	if (!Number.isFinite(start)) throw new AdminError('start must be ms or an ISO date');
	const spacing = a.spacingMs ?? 250; // 4 per second by default: equal created_at values are normal
	const make = MAKERS[type](ctx, a, status);
	const list = [];
	for (let i = 0; i < count; i++) {
		const t = start - i * spacing;
		const op = {
			type,
			code: S.nextCode(ctx.st, type),
			userId,
			custom_id: a.custom_id_prefix ? `${a.custom_id_prefix}${i}` : null,
			callback_url: null,
			createdMs: ops.sec(t),
			sortMs: ops.sec(t),
			updatedMs: ops.sec(t),
			doneMs: ops.FINAL[type].includes(status) ? ops.sec(t) : null,
			status,
			reason_code: null,
			reason_message: null,
			outcome: null,
			ticks: 0,
			r: ctx.opts.readings,
		};
		if (ops.FINAL[type].includes(status) && status !== 'success') {
			op.reason_code = status === 'cancelled' ? 'cancelled' : 'seeded_failure';
			op.reason_message = 'Historical record';
		}
		make(op, i);
		list.push(op);
	}
	S.bulkInsert(ctx.st, type, userId, list);
	for (const op of list) {
		if (!ops.isFinal(op)) ctx.st.active.add(op);
		if (op.custom_id) S.idemStore(ctx.st, userId, type, op.custom_id, `seed:${op.code}`, op.code);
	}
	if (type === 'internal_transfer') {
		const byUser = ctx.st.ops[type].byUser;
		if (!byUser.has(list[0].recipientId)) byUser.set(list[0].recipientId, []);
		const arr = byUser.get(list[0].recipientId);
		for (const op of list) arr.push(op);
		arr.sort((x, y) => x.sortMs - y.sortMs || x.seq - y.seq);
	}
	return { type, created: count, first: list[0].code, last: list[list.length - 1].code };
}

const hex = (s) => crypto.createHash('sha256').update(s).digest('hex');

const MAKERS = {
	deposit(ctx, a, status) {
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
				txid: hex(op.code),
				address: a.address || `seed-address-${i % 10}`,
				tag: null,
			});
	},
	withdrawal(ctx, a, status) {
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
				txid: ok ? hex(op.code) : null,
				address: a.address || `seed-destination-${i % 10}`,
				tag: m.withdraw.tag ? '1' : null,
				beneficiary: null,
				address_book_code: null,
				paid: ok ? amount - fee : 0n,
				paidFee: ok ? fee : 0n,
			});
	},
	swap(ctx, a) {
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
	},
	internal_transfer(ctx, a) {
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
	},
	limit_order(ctx, a) {
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
	},
	aml_check(ctx, a) {
		const token = cat.tokens.get(a.token || 1);
		if (!token) throw new AdminError('unknown token');
		const plan = cat.plans.get(a.plan || 'amlcheck');
		return (op, i) => {
			Object.assign(op, {
				direction: i % 2 ? 'deposit' : 'withdrawal',
				token,
				address: a.address || `seed-aml-address-${i % 10}`,
				transaction: null,
				plan,
				price: P(plan.price),
				holdCur: plan.currency,
				holdAmt: P(plan.price),
				report: null,
			});
			if (op.status === 'success') {
				const t = Math.floor(op.createdMs / 1000);
				op.report = {
					direction: op.direction,
					status: 'ready',
					alert_grade: 'low',
					riskscore: 0.1,
					signals: {
						exchange_mlrisk_low: 0.1,
						mixer: 0,
						dark_market: 0,
						scam: 0,
						gambling: 0,
						sanctions: 0,
					},
					address: op.address,
					tx: null,
					currency: token.currency,
					token_id: token.id,
					time: t,
					created_at: t,
					updated_at: t,
				};
			}
		};
	},
};

module.exports = { seedHistory };
