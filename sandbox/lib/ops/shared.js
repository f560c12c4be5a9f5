'use strict';
// Helpers several operation types use to read a request and shape an answer.
const crypto = require('crypto');
const money = require('../money');
const S = require('../state');
const v = require('../validate');
const { err } = require('../errors');

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

const sha256Hex = (s) => crypto.createHash('sha256').update(s).digest('hex');

/** The fields most operation objects open with, in the doc's order. */
const viewHead = (op) => ({
	code: op.code,
	custom_id: op.custom_id,
	callback_url: op.callback_url,
	created_at: isoOf(op, op.createdMs),
	updated_at: isoOf(op, op.updatedMs),
});

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

function oneOfGroupAtLeast(body, fields) {
	if (!fields.some((f) => v.present(body[f]))) {
		throw err(
			'validation.one_of',
			`At least one of ${fields.join(', ')} must be provided`,
			fields.join(','),
		);
	}
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

/** The refusal of a cancel that comes too late; `what` names the operation ("Swap", "Order"). */
const notCancellable = (what, op) =>
	err(
		'validation.invalid',
		`${what} ${op.code} is already ${op.status} and cannot be cancelled`,
		'code',
	);

/** Shortest form with at least `min` decimals ("29485.25", "290.00", "0.0000339"). */
function trimTo(v, min) {
	const s = money.format(v, money.SCALE);
	const [i, frac] = s.split('.');
	let f = frac.replace(/0+$/, '');
	if (f.length < min) f = f.padEnd(min, '0');
	return f ? `${i}.${f}` : i;
}

module.exports = {
	iso,
	sec,
	isoOf,
	viewHead,
	reading,
	idem,
	oneOfGroup,
	findForCancel,
	notCancellable,
	trimTo,
	sha256Hex,
};
