import { useSandbox, type RunExtras } from '../helpers/sandbox.cjs';

const api = useSandbox();

const run = (extra: Record<string, unknown> = {}, extras: RunExtras = {}) =>
	api.run('currency', 'getAll', extra as never, extras);

const requests = () => api.requests();

describe('currency: Get Many (GET /currency)', () => {
	it('outputs one item per currency with its precision and methods', async () => {
		const { items, error } = await run({ returnAll: true });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.code)).toEqual([
			'BTC',
			'ETH',
			'USDT',
			'XLM',
			'XRP',
			'EUR',
			'AMLCHECK',
		]);
		const btc = items[0].json as {
			precision: number;
			deposit: Array<{ code: string }>;
			withdraw: Array<{ code: string }>;
		};
		expect(btc.precision).toBe(8);
		expect(btc.deposit.map((m) => m.code)).toEqual(['BTC']);
		expect(btc.withdraw[0]).toMatchObject({ code: 'BTC', min_amount: '0.00050000' });
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('stops at the limit, applied to the one unpaged answer', async () => {
		const { items } = await run({ returnAll: false, limit: 2 });
		expect(items.map((item) => item.json.code)).toEqual(['BTC', 'ETH']);
		expect((await requests()).filter((r) => r.route === '/api/v1/currency')).toHaveLength(1);
	});

	it('puts the whole list in one item when One Item per Currency is off', async () => {
		const { items } = await run({ returnAll: true, options: { splitIntoItems: false } });
		expect(items).toHaveLength(1);
		expect((items[0].json.currencies as unknown[]).length).toBe(7);
	});

	it('is public: works with a wrong secret and sends no signature', async () => {
		const { items, error } = await run(
			{ returnAll: true },
			{ credentials: api.credentials({ secretKey: 'wrong' }) },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(7);
		expect((await requests()).every((r) => !r.signature_present)).toBe(true);
	});

	it('refuses a limit below 1 before sending anything', async () => {
		const { error } = await run({ returnAll: false, limit: 0 });
		expect(error?.message).toMatch(/Limit must be a whole number of at least 1/);
		expect(await requests()).toEqual([]);
	});

	it('reports a server error, and as an error item with Continue On Fail', async () => {
		await api.admin('POST', '/__admin/faults', {
			method: 'GET',
			path: '/api/v1/currency',
			mode: '5xx',
			status: 503,
			count: -1,
		});
		const { items, error } = await run({ returnAll: true }, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/server error \(503\)/);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});
});
