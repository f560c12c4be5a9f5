/**
 * The readings with three values (sandbox/lib/readings.js): the default and alternate profiles play two
 * of them; here the node runs against the third (conflictStatus=400 is in exactlyOnce.test.cts).
 */
import { createPoller } from './harness/poll.cjs';
import { useSandbox } from './helpers/sandbox.cjs';

const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';

describe("swapDirectionRate=example: /swap-directions lists a rate for USDT-BTC only, as the doc's example", () => {
	const api = useSandbox({ autoAdvance: false, readings: { swapDirectionRate: 'example' } });

	it('Get Directions passes each direction on as listed, and a dry-run quote shows the rate only where it is listed', async () => {
		const { items, error } = await api.run('swap', 'getDirections');
		expect(error).toBeUndefined();
		const byCode = Object.fromEntries(items.map((i) => [i.json.code, i.json]));
		expect(byCode['USDT-BTC']).toMatchObject({ rate: expect.stringMatching(/^0\.\d+$/) });
		expect(byCode['BTC-USDT']).not.toHaveProperty('rate');
		const listed = await api.run('swap', 'create', {
			direction: 'USDT-BTC',
			amountType: 'spend',
			amount: '100',
			dryRun: true,
		});
		expect(listed.items[0].json.quote).toMatchObject({
			rate: byCode['USDT-BTC'].rate,
			spendCurrency: 'USDT',
		});
		const unlisted = await api.run('swap', 'create', {
			direction: 'BTC-USDT',
			amountType: 'spend',
			amount: '0.01',
			dryRun: true,
		});
		expect(unlisted.items[0].json.quote).toMatchObject({ rate: null, spendCurrency: 'BTC' });
		expect(await api.posts()).toEqual([]);
	});
});

describe('receiveMode=exact: only the string "exact" means exact (the doc\'s table)', () => {
	const api = useSandbox({ autoAdvance: false, readings: { receiveMode: 'exact' } });
	const payout = (receive_mode: string) => ({
		currency: 'BTC',
		method: 'BTC',
		amount: '0.01',
		address: BTC_ADDRESS,
		additionalFields: { receive_mode },
	});

	it('"Exact (Fee on Top)" sends "exact" and the fee comes on top; "Sent as True" is refused by 001k and nothing is frozen', async () => {
		const exact = await api.run('withdrawal', 'create', payout('exact'));
		expect(exact.error).toBeUndefined();
		expect(exact.items[0].json).toMatchObject({ amount: '0.01000000', fee_amount: '0.00020000' });
		expect((await api.admin('GET', '/__admin/state?ops=0')).balances.demo.BTC.frozen).toBe(
			'0.01020000',
		);
		const asTrue = await api.run('withdrawal', 'create', payout('exactTrue'));
		expect(asTrue.error?.message).toMatch(/\[validation\.invalid\]$/);
		const posts = await api.posts();
		expect(posts.map((r) => [JSON.parse(r.body).receive_mode, r.status])).toEqual([
			['exact', 200],
			[true, 400],
		]);
		expect((await api.admin('GET', '/__admin/state?ops=0')).balances.demo.BTC.frozen).toBe(
			'0.01020000',
		);
	});
});

describe('networkCase=lower: network codes in lower case everywhere (also /deposit-methods)', () => {
	const api = useSandbox({ stepMs: 30, readings: { networkCase: 'lower' } });

	it("Deposit Get Methods passes the network on as listed, and the AML Gate finds the token of the method's network", async () => {
		const methods = await api.run('deposit', 'getMethods');
		expect(methods.error).toBeUndefined();
		expect(methods.items.find((i) => i.json.code === 'btc_native')?.json).toMatchObject({
			network: { code: 'bitcoin' },
		});
		const { items, error } = await api.run('withdrawal', 'create', {
			currency: 'BTC',
			method: 'BTC',
			amount: '0.01',
			address: BTC_ADDRESS,
			amlGate: true,
			amlMaxRiskScore: '0.5',
			amlMaxAlertGrade: 'medium',
			amlPollInterval: 0.05,
			amlWaitTimeout: 20,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			status: 'pending',
			amlCheck: { status: 'success', token: 1 },
		});
	});
});

describe('limitPairPriceField=both: pairs carry latest_price and current_price', () => {
	const api = useSandbox({ autoAdvance: false, readings: { limitPairPriceField: 'both' } });

	it('Get Pairs passes both on, and a dry-run quote shows the price', async () => {
		const pairs = await api.run('limitOrder', 'getPairs');
		expect(pairs.items.find((i) => i.json.symbol === 'BTCUSDT')?.json).toMatchObject({
			latest_price: '29485.25',
			current_price: '29485.25',
		});
		const order = {
			pair: 'BTCUSDT',
			side: 'buy',
			orderDefinedBy: 'priceAndReceive',
			limitPrice: '29000.00',
			receiveAmount: '0.01',
			dryRun: true,
		};
		const { items, error } = await api.run('limitOrder', 'create', order);
		expect(error).toBeUndefined();
		expect(items[0].json.quote).toMatchObject({ latestPrice: '29485.25' });
	});
});

describe("limitPairPriceField=current: a dry-run quote reads the price from current_price (the example clients' field)", () => {
	const api = useSandbox({ autoAdvance: false, readings: { limitPairPriceField: 'current' } });

	it('shows the price, not null', async () => {
		const order = {
			pair: 'BTCUSDT',
			side: 'buy',
			orderDefinedBy: 'priceAndReceive',
			limitPrice: '29000.00',
			receiveAmount: '0.01',
			dryRun: true,
		};
		const { items } = await api.run('limitOrder', 'create', order);
		expect(items[0].json.quote).toMatchObject({ latestPrice: '29485.25' });
	});
});

describe('dateFormat=millis: times with milliseconds (…15.000Z)', () => {
	const api = useSandbox({ autoAdvance: false, readings: { dateFormat: 'millis' } });
	const withdraw = () =>
		api.call('POST', '/withdraw', { currency: 'BTC', amount: '0.01000000', address: BTC_ADDRESS });

	it('the Poll Trigger lists from the last created_at it saw and emits each new operation and status change once', async () => {
		const existing = await withdraw();
		expect(existing.created_at).toMatch(/\.\d{3}Z$/);
		const p = await createPoller({
			parameters: { operationTypes: ['withdrawal'], statuses: [] },
			credentials: api.credentials(),
			workflowId: 'wf-millis',
		});
		expect(await p.poll()).toEqual([]);
		const created = await withdraw();
		expect((await p.poll()).map((e: any) => `${e.code}:${e.status}`)).toEqual([
			`${created.code}:pending`,
		]);
		api.sandbox.admin.transition({ type: 'withdrawal', code: existing.code, status: 'success' });
		expect((await p.poll()).map((e: any) => `${e.code}:${e.status}`)).toEqual([
			`${existing.code}:success`,
		]);
		expect(await p.poll()).toEqual([]);
		const queries = (await api.requests())
			.filter((r) => r.method === 'GET' && r.path === '/api/v1/withdraw')
			.map((r) => r.raw_query);
		expect(queries.some((q) => /start_at=[^&]*\.000Z/.test(decodeURIComponent(q)))).toBe(true);
	});

	it('Get Many filters on a created_at echoed as start_at', async () => {
		const first = await withdraw();
		const { items, error } = await api.run('withdrawal', 'getAll', {
			returnAll: true,
			filters: { start_at: first.created_at },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.code)).toContain(first.code);
	});
});
