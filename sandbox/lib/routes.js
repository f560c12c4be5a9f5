'use strict';
// The 29 documented endpoints: template, permission, per-minute limit, handler.
const cat = require('./catalog');
const ops = require('./ops');
const S = require('./state');
const v = require('./validate');
const { err } = require('./errors');
const money = require('./money');

const up = (s) => (typeof s === 'string' ? s.toUpperCase() : s);

/** List helper: filters are exact matches on documented fields; unknown values match nothing. */
function list(type, filters) {
	return (ctx, r) => {
		const p = v.listParams(r.query);
		const checks = [];
		for (const [param, get, norm] of filters) {
			const val = r.query[param];
			if (val === undefined || val === '') continue;
			const want = norm ? norm(val, param) : val;
			checks.push((op) => get(op) === want);
		}
		const pred = checks.length ? (op) => checks.every((c) => c(op)) : null;
		return S.listOps(ctx.st, type, r.user.id, pred, p).map(ops.view);
	};
}

const tokenId = (val, param) => {
	if (!/^\d+$/.test(val)) throw err('validation.invalid', `${param} must be an integer`, param);
	return Number(val);
};
const common = (cur) => [
	['status', (o) => o.status],
	['custom_id', (o) => o.custom_id],
	...(cur ? [[cur, (o) => o.currency, up]] : []),
];
const byCode = (type) => (ctx, r) => ops.view(S.getOp(ctx.st, type, r.user.id, r.params.code));

const routes = [
	{
		method: 'GET',
		path: '/api/v1/status',
		auth: false,
		limit: 600,
		handler: (ctx) => ({ timestamp: ctx.now() }),
	},
	{
		method: 'GET',
		path: '/api/v1/currency',
		auth: false,
		limit: 10,
		handler: (ctx) => [...cat.currencies.values()].map((c) => cat.currencyView(c, ctx)),
	},
	{
		method: 'GET',
		path: '/api/v1/balance',
		perm: 'allow_balance',
		limit: 30,
		handler: (ctx, r) =>
			[...ctx.st.balances.get(r.user.id).entries()].map(([cur, b]) => ({
				currency: cur,
				available: money.format(b.available, cat.prec(cur)),
				frozen: money.format(b.frozen, cat.prec(cur)),
				updated_at: ops.isoOf({ r: ctx.opts.readings }, ops.sec(b.updatedMs)),
			})),
	},
	{
		method: 'GET',
		path: '/api/v1/deposit-methods',
		perm: 'allow_deposit',
		limit: 30,
		handler: (ctx, r) => {
			const q = r.query;
			if (q.is_enabled !== undefined && !['true', 'false', '1', '0'].includes(q.is_enabled)) {
				throw err('validation.invalid', 'is_enabled must be true or false', 'is_enabled');
			}
			const enabled = q.is_enabled === undefined ? null : ['true', '1'].includes(q.is_enabled);
			return cat.methods
				.filter(
					(m) =>
						m.deposit &&
						(!q.currency || m.currency === up(q.currency)) &&
						(enabled === null || enabled === true),
				)
				.map((m) =>
					cat.depositMethodView(
						m,
						ops.deposit.latestAddress(ctx, r.user.id, m.code),
						ctx.opts.readings,
					),
				);
		},
	},
	{
		method: 'POST',
		path: '/api/v1/deposit/generate_address',
		perm: 'allow_deposit',
		limit: 600,
		handler: (ctx, r) => ops.deposit.generateAddress(ctx, r.user.id, r.body),
	},
	{
		method: 'GET',
		path: '/api/v1/deposit',
		perm: 'allow_deposit',
		limit: 600,
		handler: list('deposit', common('currency')),
	},
	{
		method: 'GET',
		path: '/api/v1/deposit/{code}',
		perm: 'allow_deposit',
		limit: 600,
		handler: byCode('deposit'),
	},
	{
		method: 'GET',
		path: '/api/v1/withdrawal-methods',
		perm: 'allow_withdraw',
		limit: 30,
		// Reading withdrawalMethodCurrency: whether each object also names its currency (README, Readings).
		handler: (ctx, r) =>
			cat.methods
				.map((m) => cat.withdrawOf(ctx, m))
				.filter((m) => m && (!r.query.currency || m.currency === up(r.query.currency)))
				.map((m) =>
					ctx.readings.withdrawalMethodCurrency
						? { ...cat.withdrawMethodView(m, ctx.readings), currency: m.currency }
						: cat.withdrawMethodView(m, ctx.readings),
				),
	},
	{
		method: 'POST',
		path: '/api/v1/withdraw',
		perm: 'allow_withdraw',
		limit: 600,
		handler: (ctx, r) => ops.view(ops.withdrawal.create(ctx, r.user.id, r.body)),
	},
	{
		method: 'GET',
		path: '/api/v1/withdraw',
		perm: 'allow_withdraw',
		limit: 600,
		handler: list('withdrawal', common('currency')),
	},
	{
		method: 'GET',
		path: '/api/v1/withdraw/{code}',
		perm: 'allow_withdraw',
		limit: 600,
		handler: byCode('withdrawal'),
	},
	{
		method: 'GET',
		path: '/api/v1/swap-directions',
		perm: 'allow_swap',
		limit: 30,
		handler: (ctx) =>
			[...cat.directions.values()].map((d) => cat.directionView(d, ctx.opts.readings)),
	},
	{
		method: 'POST',
		path: '/api/v1/swap/open',
		perm: 'allow_swap',
		limit: 300,
		handler: (ctx, r) => ops.swap.createView(ops.swap.create(ctx, r.user.id, r.body)),
	},
	{
		method: 'POST',
		path: '/api/v1/swap/cancel',
		perm: 'allow_swap',
		limit: 300,
		handler: (ctx, r) => ops.view(ops.swap.cancel(ctx, r.user.id, r.body)),
	},
	{
		method: 'GET',
		path: '/api/v1/swap',
		perm: 'allow_swap',
		limit: 300,
		handler: list('swap', [...common(null), ['direction', (o) => o.direction.code, up]]),
	},
	{
		method: 'GET',
		path: '/api/v1/swap/{code}',
		perm: 'allow_swap',
		limit: 300,
		handler: byCode('swap'),
	},
	{
		method: 'POST',
		path: '/api/v1/internal-transfer',
		perm: 'allow_transfer',
		limit: 600,
		handler: (ctx, r) => ops.view(ops.internalTransfer.create(ctx, r.user.id, r.body)),
	},
	{
		method: 'GET',
		path: '/api/v1/internal-transfer',
		perm: 'allow_transfer',
		limit: 600,
		handler: list('internal_transfer', [
			['status', ops.internalTransfer.status],
			...common('currency_code').slice(1),
		]),
	},
	{
		method: 'GET',
		path: '/api/v1/internal-transfer/{code}',
		perm: 'allow_transfer',
		limit: 600,
		handler: byCode('internal_transfer'),
	},
	{
		method: 'GET',
		path: '/api/v1/limit-pairs',
		perm: 'allow_limit_order',
		limit: 30,
		handler: (ctx) => [...cat.pairs.values()].map((p) => cat.pairView(p, ctx.opts.readings)),
	},
	{
		method: 'POST',
		path: '/api/v1/limit-order',
		perm: 'allow_limit_order',
		limit: 600,
		handler: (ctx, r) => ops.view(ops.limitOrder.create(ctx, r.user.id, r.body)),
	},
	{
		method: 'POST',
		path: '/api/v1/limit-order/cancel',
		perm: 'allow_limit_order',
		limit: 600,
		handler: (ctx, r) => ops.view(ops.limitOrder.cancel(ctx, r.user.id, r.body)),
	},
	{
		method: 'GET',
		path: '/api/v1/limit-order',
		perm: 'allow_limit_order',
		limit: 600,
		handler: list('limit_order', [
			...common(null),
			['pair', (o) => o.pair.symbol, up],
			['side', (o) => o.side],
		]),
	},
	{
		method: 'GET',
		path: '/api/v1/limit-order/{code}',
		perm: 'allow_limit_order',
		limit: 600,
		handler: byCode('limit_order'),
	},
	{
		method: 'GET',
		path: '/api/v1/aml/plan',
		perm: 'allow_aml_check',
		limit: 600,
		handler: () => [...cat.plans.values()].map(cat.planView),
	},
	{
		method: 'GET',
		path: '/api/v1/aml/token',
		perm: 'allow_aml_check',
		limit: 120,
		handler: (ctx) => [...cat.tokens.values()].map((t) => cat.tokenView(t, ctx.opts.readings)),
	},
	{
		method: 'POST',
		path: '/api/v1/aml/check',
		perm: 'allow_aml_check',
		limit: 600,
		handler: (ctx, r) => ops.view(ops.amlCheck.create(ctx, r.user.id, r.body)),
	},
	{
		method: 'GET',
		path: '/api/v1/aml/check',
		perm: 'allow_aml_check',
		limit: 600,
		handler: list('aml_check', [
			...common(null),
			['plan', (o) => o.plan.code],
			['token', (o) => o.token.id, tokenId],
			['address', (o) => o.address],
			['transaction', (o) => o.transaction],
			['code', (o) => o.code],
		]),
	},
	{
		method: 'GET',
		path: '/api/v1/aml/check/{code}',
		perm: 'allow_aml_check',
		limit: 600,
		handler: byCode('aml_check'),
	},
];
for (const r of routes) r.auth = r.auth !== false;

const templates = routes.map((r) => ({ route: r, parts: r.path.split('/') }));

/** Match on RAW segments first, then decode params once: "%2F" never splits a code. */
function match(method, rawPath) {
	const segs = rawPath.split('/');
	let pathMatched = null;
	for (const t of templates) {
		if (t.parts.length !== segs.length) continue;
		const params = {};
		let ok = true;
		for (let i = 0; i < segs.length && ok; i++) {
			const p = t.parts[i];
			if (p.startsWith('{')) {
				if (!segs[i]) ok = false;
				else {
					try {
						params[p.slice(1, -1)] = decodeURIComponent(segs[i]);
					} catch {
						ok = false;
					}
				}
			} else if (p !== segs[i]) ok = false;
		}
		if (!ok) continue;
		if (t.route.method === method) return { route: t.route, params };
		pathMatched = pathMatched || t.route;
	}
	return null;
}

module.exports = { routes, match };
