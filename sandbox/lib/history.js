'use strict';
// Bulk historical records for pagination/perf tests (/__admin/seed). Records are
// built directly (no per-record validation or sorted inserts) so 50 000 take
// well under a second. History does not move balances; only non-holding
// statuses are allowed so /__admin/reconcile stays consistent.
const S = require('./state');
const ops = require('./ops');
const { AdminError } = require('./errors');

function seedHistory(ctx, a) {
	const type = a.type;
	if (!ops.TYPES.includes(type))
		throw new AdminError(`type must be one of ${ops.TYPES.join(', ')}`);
	const count = a.count ?? 100;
	if (!Number.isInteger(count) || count < 1 || count > 1000000)
		throw new AdminError('count must be an integer 1..1000000');
	const userId = a.user || 'demo';
	if (!ctx.st.users.has(userId)) throw new AdminError(`unknown user ${userId}`);
	const status = a.status || 'success';
	if (!ops.STATUSES[type].includes(status))
		throw new AdminError(`invalid status ${status} for ${type}`);
	if (ops.HOLDING[type].includes(status))
		throw new AdminError(`status ${status} holds funds; seed only non-holding statuses`);
	const start =
		a.start === undefined ? ctx.now() : typeof a.start === 'number' ? a.start : Date.parse(a.start);
	if (!Number.isFinite(start)) throw new AdminError('start must be ms or an ISO date');
	const spacing = a.spacingMs ?? 250; // 4 per second by default: equal created_at values are normal
	const make = ops.KINDS[type].history(ctx, a, status);
	const list = [];
	for (let i = 0; i < count; i++) {
		const t = start - i * spacing;
		const op = {
			type,
			code: ops.nextCode(ctx.st, type),
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
	return { type, created: count, first: list[0].code, last: list[list.length - 1].code };
}

module.exports = { seedHistory };
