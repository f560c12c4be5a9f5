'use strict';
const { start, get, post, balance, waitFor } = require('./helpers');

let sb;
beforeAll(async () => {
	sb = await start();
});
afterAll(() => sb.stop());
beforeEach(() => sb.admin.reset());
afterEach(() =>
	expect(sb.admin.reconcile()).toEqual(expect.objectContaining({ ok: true, problems: [] })),
);

const tick = (n = 1) => sb.admin.tick(n);
const one = async (path) => (await get(sb, path)).json;

test('deposit: address -> pending with rising confirmations -> success credits balance', async () => {
	const addr = (
		await post(sb, '/api/v1/deposit/generate_address', {
			currency: 'BTC',
			method: 'btc_native',
			custom_id: 'addr-1',
		})
	).json;
	expect(addr).toEqual({
		address: expect.stringMatching(/^bc1q/),
		tag: null,
		network: 'bitcoin',
		currency: 'BTC',
	});
	const dm = (await get(sb, '/api/v1/deposit-methods?currency=BTC')).json;
	expect(dm[0].deposit_address).toEqual({ address: addr.address, tag: null });
	const d = sb.admin.createDeposit({ currency: 'BTC', amount: '0.5', address: addr.address });
	expect([d.status, d.actual_confirmations, d.required_confirmations, d.custom_id]).toEqual([
		'pending',
		0,
		2,
		'addr-1',
	]);
	tick();
	expect((await one(`/api/v1/deposit/${d.code}`)).actual_confirmations).toBe(1);
	tick(2);
	const done = await one(`/api/v1/deposit/${d.code}`);
	expect([done.status, done.actual_confirmations, done.done_at !== null]).toEqual([
		'success',
		2,
		true,
	]);
	expect(balance(sb, 'BTC').available).toBe('5.50000000');
});

test('deposit: XRP address has a tag; admin can fail/quarantine', async () => {
	const a = (await post(sb, '/api/v1/deposit/generate_address', { currency: 'XRP' })).json;
	expect(a.tag).toMatch(/^\d{6}$/);
	const d = sb.admin.createDeposit({ currency: 'XRP', amount: '50' });
	expect(d.attributes).toEqual({ address: a.address, tag: a.tag });
	sb.admin.transition({ type: 'deposit', code: d.code, status: 'quarantine' });
	tick(5);
	expect((await one(`/api/v1/deposit/${d.code}`)).status).toBe('quarantine');
	sb.admin.transition({ type: 'deposit', code: d.code, status: 'failed' });
	expect(balance(sb, 'XRP').available).toBe('100000.000000');
});

test('withdrawal: freezes, gets txid while pending, success settles (normal mode: fee inside amount)', async () => {
	const w = (
		await post(sb, '/api/v1/withdraw', { currency: 'BTC', amount: '1', address: 'bc1qdest' })
	).json;
	expect(balance(sb, 'BTC')).toEqual({ available: '4.00000000', frozen: '1.00000000' });
	tick();
	const mid = await one(`/api/v1/withdraw/${w.code}`);
	expect([mid.status, typeof mid.txid]).toEqual(['pending', 'string']);
	tick();
	const done = await one(`/api/v1/withdraw/${w.code}`);
	expect([done.status, done.paid_amount, done.paid_fee_amount, done.closed_at !== null]).toEqual([
		'success',
		'0.99980000',
		'0.00020000',
		true,
	]);
	expect(balance(sb, 'BTC')).toEqual({ available: '4.00000000', frozen: '0.00000000' });
});

test('withdrawal: exact mode freezes amount+fee; failure (address marker) unfreezes', async () => {
	const w = (
		await post(sb, '/api/v1/withdraw', {
			currency: 'BTC',
			amount: '1',
			address: 'bc1q-will-fail',
			receive_mode: 'exact',
		})
	).json;
	expect(balance(sb, 'BTC')).toEqual({ available: '3.99980000', frozen: '1.00020000' });
	tick(2);
	const done = await one(`/api/v1/withdraw/${w.code}`);
	expect([done.status, done.reason_code]).toEqual(['failed', 'withdrawal_failed']);
	expect(balance(sb, 'BTC')).toEqual({ available: '5.00000000', frozen: '0.00000000' });
});

test('withdrawal: admin suspend then success; outcome override', async () => {
	const w = (
		await post(sb, '/api/v1/withdraw', { currency: 'USDT', amount: '100', address: '0xabc' })
	).json;
	sb.admin.transition({ type: 'withdrawal', code: w.code, status: 'suspended' });
	tick(3);
	expect((await one(`/api/v1/withdraw/${w.code}`)).status).toBe('suspended');
	expect(balance(sb, 'USDT').frozen).toBe('100.000000');
	sb.admin.transition({ type: 'withdrawal', code: w.code, status: 'success' });
	expect(balance(sb, 'USDT')).toEqual({ available: '999900.000000', frozen: '0.000000' });
	const w2 = (
		await post(sb, '/api/v1/withdraw', { currency: 'USDT', amount: '100', address: '0xabc' })
	).json;
	sb.admin.setOutcome({ type: 'withdrawal', code: w2.code, status: 'failed' });
	tick(2);
	expect((await one(`/api/v1/withdraw/${w2.code}`)).status).toBe('failed');
});

test('insufficient funds -> 400 balance.insufficient, nothing created or frozen', async () => {
	sb.admin.setBalance({ currency: 'ETH', available: '0.01' });
	const r = await post(sb, '/api/v1/withdraw', {
		currency: 'ETH',
		amount: '0.01',
		address: '0x1',
		receive_mode: 'exact',
	});
	expect([r.status, r.json.error.code]).toEqual([400, 'balance.insufficient']);
	expect((await get(sb, '/api/v1/withdraw')).json).toEqual([]);
	const s = await post(sb, '/api/v1/swap/open', { direction: 'ETH-USDT', spend_amount: '0.02' });
	expect(s.json.error.code).toBe('balance.insufficient');
	expect(balance(sb, 'ETH')).toEqual({
		available: '0.010000000000000000',
		frozen: '0.000000000000000000',
	});
});

test('swap: open -> success moves both currencies', async () => {
	const s = (await post(sb, '/api/v1/swap/open', { direction: 'BTC-USDT', spend_amount: '0.01' }))
		.json;
	expect(s.status).toBe('open');
	expect(balance(sb, 'BTC').frozen).toBe('0.01000000');
	tick();
	const done = await one(`/api/v1/swap/${s.code}`);
	expect([done.status, done.spend_filled, done.receive_filled, done.receive_fee_filled]).toEqual([
		'success',
		'0.01000000',
		'294.85250000',
		'0.73713125',
	]);
	expect(balance(sb, 'BTC')).toEqual({ available: '4.99000000', frozen: '0.00000000' });
	expect(balance(sb, 'USDT').available).toBe('1000294.115368');
});

test('swap: time_to_live expiry fails it; cancel sets cancel_requested_at then cancelled', async () => {
	const s = (
		await post(sb, '/api/v1/swap/open', {
			direction: 'USDT-BTC',
			spend_amount: '100',
			time_to_live: 1,
		})
	).json;
	await new Promise((r) => setTimeout(r, 5));
	tick();
	const ex = await one(`/api/v1/swap/${s.code}`);
	expect([ex.status, ex.reason_code]).toEqual(['failed', 'expired']);
	const c = (
		await post(sb, '/api/v1/swap/open', {
			direction: 'USDT-BTC',
			spend_amount: '100',
			custom_id: 'sw-c',
		})
	).json;
	const r = (await post(sb, '/api/v1/swap/cancel', { custom_id: 'sw-c' })).json;
	expect([r.code, r.status, typeof r.cancel_requested_at]).toEqual([c.code, 'open', 'string']);
	tick();
	expect((await one(`/api/v1/swap/${c.code}`)).status).toBe('cancelled');
	expect(balance(sb, 'USDT')).toEqual({ available: '1000000.000000', frozen: '0.000000' });
	const again = await post(sb, '/api/v1/swap/cancel', { code: ex.code, custom_id: 'sw-c' }); // code wins
	expect([again.status, again.json.error.code]).toEqual([400, 'validation.invalid']);
	expect((await post(sb, '/api/v1/swap/cancel', { code: 'SWP999999' })).json.error.code).toBe(
		'not_found',
	);
});

test('limit order: open -> success when marketable; stays open otherwise; cancel answers cancelled (doc §3.7)', async () => {
	const buyHigh = (
		await post(sb, '/api/v1/limit-order', {
			pair: 'BTCUSDT',
			side: 'buy',
			receive_amount: '0.01',
			limit_price: '30000',
		})
	).json;
	const buyLow = (
		await post(sb, '/api/v1/limit-order', {
			pair: 'BTCUSDT',
			side: 'buy',
			receive_amount: '0.01',
			limit_price: '29000',
			custom_id: 'lo-1',
		})
	).json;
	tick();
	expect((await one(`/api/v1/limit-order/${buyLow.code}`)).status).toBe('open');
	tick();
	const filled = await one(`/api/v1/limit-order/${buyHigh.code}`);
	expect([
		filled.status,
		filled.filled_base_amount,
		filled.filled_quote_amount,
		filled.filled_fee_amount,
	]).toEqual(['success', '0.01000000', '300.00', '0.75000000']);
	tick(3);
	expect((await one(`/api/v1/limit-order/${buyLow.code}`)).status).toBe('open');
	const c = (await post(sb, '/api/v1/limit-order/cancel', { custom_id: 'lo-1' })).json;
	expect(c.status).toBe('cancelled');
	const cc = await one(`/api/v1/limit-order/${buyLow.code}`);
	expect([cc.status, cc.reason_code]).toEqual(['cancelled', 'cancelled']);
	expect(balance(sb, 'BTC').available).toBe('5.01000000');
	expect(balance(sb, 'USDT')).toEqual({ available: '999699.250000', frozen: '0.000000' });
});

test('internal transfer: pending -> success credits recipient (visible to both); note marker rejects', async () => {
	const t = (
		await post(sb, '/api/v1/internal-transfer', {
			currency_code: 'BTC',
			amount: '0.5',
			recipient: 'user123',
			note: 'Payment for services',
		})
	).json;
	expect([t.status, t.sender, t.recipient, t.timestamp]).toEqual([
		'pending',
		'demo',
		'user123',
		t.created_at,
	]);
	tick();
	expect((await one(`/api/v1/internal-transfer/${t.code}`)).status).toBe('success');
	expect(balance(sb, 'BTC', 'user123').available).toBe('1.50000000');
	const bob = await get(sb, `/api/v1/internal-transfer/${t.code}`, { access: 'bob-access-key' });
	expect(bob.json.code).toBe(t.code);
	const r = (
		await post(sb, '/api/v1/internal-transfer', {
			currency_code: 'BTC',
			amount: '0.5',
			recipient: 'user123',
			note: 'please fail',
		})
	).json;
	tick();
	const rj = await one(`/api/v1/internal-transfer/${r.code}`);
	expect([rj.status, rj.reason_code]).toEqual(['rejected', 'transfer_rejected']);
	expect(balance(sb, 'BTC', 'demo')).toEqual({ available: '4.50000000', frozen: '0.00000000' });
});

test('AML check: pending -> success with report; price charged; risk by address; failure refunds', async () => {
	const low = (
		await post(sb, '/api/v1/aml/check', { direction: 'withdrawal', token: 1, address: 'bc1qclean' })
	).json;
	const high = (
		await post(sb, '/api/v1/aml/check', {
			direction: 'deposit',
			token: 3,
			transaction: '0xsanctioned',
			address: '0xrisky',
		})
	).json;
	sb.admin.setAmlRisk({ address: 'bc1qcustom', riskscore: 0.55, alert_grade: 'high' });
	const custom = (
		await post(sb, '/api/v1/aml/check', {
			direction: 'withdrawal',
			token: 1,
			address: 'bc1qcustom',
		})
	).json;
	const fail = (
		await post(sb, '/api/v1/aml/check', { direction: 'withdrawal', token: 1, address: 'bc1q-fail' })
	).json;
	expect([low.status, low.plan, low.price, low.report]).toEqual([
		'pending',
		'amlcheck',
		'1.00',
		null,
	]);
	expect(balance(sb, 'AMLCHECK')).toEqual({ available: '96.00', frozen: '4.00' });
	tick();
	const r = await one(`/api/v1/aml/check/${low.code}`);
	expect(r.report).toEqual(
		expect.objectContaining({
			status: 'ready',
			riskscore: 0.1,
			alert_grade: 'low',
			address: 'bc1qclean',
			currency: 'BTC',
			direction: 'withdrawal',
		}),
	);
	expect((await one(`/api/v1/aml/check/${high.code}`)).report).toEqual(
		expect.objectContaining({ riskscore: 0.92, alert_grade: 'severe', currency: 'USDT' }),
	);
	expect((await one(`/api/v1/aml/check/${custom.code}`)).report.riskscore).toBe(0.55);
	expect((await one(`/api/v1/aml/check/${fail.code}`)).status).toBe('failed');
	expect(balance(sb, 'AMLCHECK')).toEqual({ available: '97.00', frozen: '0.00' });
	// no AMLCHECK credits left -> falls back to the USDT plan
	sb.admin.setBalance({ currency: 'AMLCHECK', available: '0' });
	const usdt = (
		await post(sb, '/api/v1/aml/check', { direction: 'withdrawal', token: 1, address: 'x' })
	).json;
	expect([usdt.plan, usdt.currency]).toEqual(['usdt', 'USDT']);
	const list = (await get(sb, '/api/v1/aml/check?plan=amlcheck&token=1&address=bc1qclean')).json;
	expect(list.map((x) => x.code)).toEqual([low.code]);
});

test('autoAdvance scheduler drives lifecycles on its own', async () => {
	const auto = await start({ autoAdvance: true, stepMs: 20 });
	try {
		const w = (
			await post(auto, '/api/v1/withdraw', { currency: 'BTC', amount: '0.01', address: 'x' })
		).json;
		const d = auto.admin.createDeposit({ currency: 'BTC', amount: '0.1' });
		await waitFor(
			async () => (await get(auto, `/api/v1/withdraw/${w.code}`)).json.status === 'success',
		);
		await waitFor(
			async () => (await get(auto, `/api/v1/deposit/${d.code}`)).json.status === 'success',
		);
		expect(auto.admin.reconcile().ok).toBe(true);
	} finally {
		await auto.stop();
	}
});

describe('idempotency (custom_id)', () => {
	test('same custom_id + same params returns the same op; different params -> 409', async () => {
		const body = { currency: 'BTC', amount: '0.01', address: 'bc1q', custom_id: 'wd-1' };
		const a = await post(sb, '/api/v1/withdraw', body);
		const b = await post(sb, '/api/v1/withdraw', { ...body, method: 'btc_native' }); // alias == canonical
		expect([a.status, b.status, b.json.code]).toEqual([200, 200, a.json.code]);
		expect((await get(sb, '/api/v1/withdraw')).json).toHaveLength(1);
		expect(balance(sb, 'BTC').frozen).toBe('0.01000000');
		const c = await post(sb, '/api/v1/withdraw', { ...body, amount: '0.02' });
		expect([c.status, c.json.error.code, c.json.error.field]).toEqual([
			409,
			'custom_id.conflict',
			'custom_id',
		]);
		// after completion, a repeat still returns the (now final) op, even if funds are gone
		tick(2);
		sb.admin.setBalance({ currency: 'BTC', available: '0' });
		const d = await post(sb, '/api/v1/withdraw', body);
		expect([d.status, d.json.code, d.json.status]).toEqual([200, a.json.code, 'success']);
		// same custom_id on another endpoint is independent
		expect(
			(
				await post(sb, '/api/v1/swap/open', {
					direction: 'USDT-BTC',
					spend_amount: '100',
					custom_id: 'wd-1',
				})
			).status,
		).toBe(200);
	});

	test('each create endpoint is idempotent', async () => {
		const cases = [
			['/api/v1/swap/open', { direction: 'USDT-BTC', spend_amount: '100' }],
			['/api/v1/internal-transfer', { currency_code: 'USDT', amount: '5', recipient: 'user123' }],
			[
				'/api/v1/limit-order',
				{ pair: 'ETHUSDT', side: 'sell', spend_amount: '1', limit_price: '5000' },
			],
			['/api/v1/aml/check', { direction: 'withdrawal', token: 2, address: '0x1' }],
		];
		for (const [path, body] of cases) {
			const a = await post(sb, path, { ...body, custom_id: 'idem' });
			const b = await post(sb, path, { ...body, custom_id: 'idem' });
			expect([path, b.json.code]).toEqual([path, a.json.code]);
			const c = await post(sb, path, {
				...body,
				custom_id: 'idem',
				callback_url: 'http://127.0.0.1:9/x',
			});
			expect([path, c.status]).toEqual([path, 409]);
		}
		const g1 = (
			await post(sb, '/api/v1/deposit/generate_address', { currency: 'ETH', custom_id: 'g' })
		).json;
		const g2 = (
			await post(sb, '/api/v1/deposit/generate_address', { currency: 'ETH', custom_id: 'g' })
		).json;
		expect(g2.address).toBe(g1.address);
	});
});

describe('lists: ordering, pagination, filters', () => {
	// Outcomes only: how fast seeding and paging are is a benchmark's business, not a test's (busy machines).
	test('newest first, stable ties, offset pages do not overlap, over 50 000 records', async () => {
		const t0 = Date.parse('2024-03-01T12:00:00Z');
		sb.admin.seed({
			type: 'deposit',
			count: 50000,
			start: t0,
			spacingMs: 250,
			custom_id_prefix: 'h-',
		});
		const pages = [];
		for (let off = 0; off < 600; off += 200) {
			const r = await get(sb, `/api/v1/deposit?limit=200&offset=${off}`);
			pages.push(...r.json);
		}
		expect(new Set(pages.map((d) => d.code)).size).toBe(600);
		for (let i = 1; i < pages.length; i++) {
			expect(pages[i - 1].created_at >= pages[i].created_at).toBe(true);
			if (pages[i - 1].created_at === pages[i].created_at)
				expect(pages[i - 1].code > pages[i].code).toBe(true);
		}
		expect(pages[0].created_at).toBe('2024-03-01T12:00:00Z');
		expect(pages.filter((d) => d.created_at === '2024-03-01T11:59:59Z')).toHaveLength(4);
		const deep = await get(
			sb,
			'/api/v1/deposit?limit=200&offset=10000&status=success&currency=btc',
		);
		expect(deep.json).toHaveLength(200);
		expect((await get(sb, '/api/v1/deposit?custom_id=h-49999')).json).toHaveLength(1);
		expect((await get(sb, '/api/v1/deposit?status=failed')).json).toEqual([]);
		expect((await get(sb, '/api/v1/deposit')).json).toHaveLength(100); // default limit
	});

	test('start_at / end_at are inclusive on created_at (seconds precision)', async () => {
		sb.admin.seed({
			type: 'withdrawal',
			count: 20,
			start: Date.parse('2024-01-01T00:00:10Z'),
			spacingMs: 1000,
		});
		const r = (
			await get(sb, '/api/v1/withdraw?start_at=2024-01-01T00:00:03Z&end_at=2024-01-01T00:00:05Z')
		).json;
		expect(r.map((x) => x.created_at)).toEqual([
			'2024-01-01T00:00:05Z',
			'2024-01-01T00:00:04Z',
			'2024-01-01T00:00:03Z',
		]);
		const tz = (await get(sb, '/api/v1/withdraw?start_at=2024-01-01T02:00:08%2B02:00')).json;
		expect(tz).toHaveLength(3);
		expect((await get(sb, '/api/v1/withdraw?end_at=2023-12-31')).json).toEqual([]);
	});

	test('internal transfers filter on timestamp; swap/limit filters', async () => {
		sb.admin.seed({
			type: 'internal_transfer',
			count: 5,
			start: Date.parse('2024-01-01T00:00:10Z'),
			spacingMs: 1000,
		});
		const r = (
			await get(sb, '/api/v1/internal-transfer?start_at=2024-01-01T00:00:09Z&currency_code=BTC')
		).json;
		expect(r.map((x) => x.timestamp)).toEqual(['2024-01-01T00:00:10Z', '2024-01-01T00:00:09Z']);
		sb.admin.seed({ type: 'limit_order', count: 10 });
		expect((await get(sb, '/api/v1/limit-order?side=sell&pair=BTCUSDT')).json).toHaveLength(5);
		sb.admin.seed({ type: 'swap', count: 3, direction: 'ETH-USDT' });
		expect((await get(sb, '/api/v1/swap?direction=ETH-USDT&status=success')).json).toHaveLength(3);
		expect((await get(sb, '/api/v1/swap?direction=BTC-USDT')).json).toHaveLength(0);
	});
});
