'use strict';
// AML checks: the plan price held, the queue, the report (risk from markers or /__admin/aml-risk),
// the refund on failure.
const money = require('../money');
const cat = require('../catalog');
const S = require('../state');
const v = require('../validate');
const { err, AdminError } = require('../errors');
const { viewHead, reading, idem } = require('./shared');
const { baseOp, commit, targetOutcome } = require('./lifecycle');

const P = money.parse;

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
		...viewHead(op),
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

function advance(ctx, op) {
	if (op.status === 'queued') return 'pending';
	return targetOutcome(op, 'failed');
}

function settle(ctx, op, now) {
	S.settle(ctx.st, op.userId, op.holdCur, op.price, now, 'aml_fee');
	op.report = amlReport(ctx, op);
}

/** Historical checks for /__admin/seed (lib/history.js); a successful one carries a low-risk report. */
function history(ctx, a) {
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
}

module.exports = {
	type: 'aml_check',
	prefix: 'AML',
	names: ['aml-check', 'aml'],
	statuses: ['queued', 'pending', 'success', 'failed'],
	holding: ['queued', 'pending'],
	final: ['success', 'failed'],
	failReason: () => ['provider_error', 'AML provider failed to produce a report'],
	// Doc §3.8 callback example (reading callbackPayload=essential).
	essential: [
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
	create: createAmlCheck,
	view: amlView,
	settle,
	advance,
	history,
};
