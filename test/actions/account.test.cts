import { useSandbox } from '../helpers/sandbox.cjs';

const api = useSandbox();

const run = (
	operation: string,
	extra: Record<string, unknown> = {},
	credentials = api.credentials(),
) => api.run('account', operation, extra as never, { credentials });

describe('account: Get Balances (GET /balance)', () => {
	it('outputs one item per currency with amounts as decimal strings', async () => {
		const { items, error } = await run('getBalances');
		expect(error).toBeUndefined();
		const btc = items.find((item) => item.json.currency === 'BTC');
		expect(btc?.json).toMatchObject({
			available: expect.stringMatching(/^\d+\.\d{8}$/),
			frozen: expect.any(String),
		});
		expect(items.every((item) => typeof item.json.available === 'string')).toBe(true);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('skips currencies with nothing in them when asked', async () => {
		api.sandbox.admin.setBalance({ currency: 'XRP', available: '0' });
		const all = await run('getBalances');
		expect(all.items.find((item) => item.json.currency === 'XRP')?.json).toMatchObject({
			available: '0.000000',
			frozen: '0.000000',
		});
		const { items } = await run('getBalances', { options: { skipZero: true } });
		expect(items.map((item) => item.json.currency)).toEqual(
			all.items.map((item) => item.json.currency).filter((c) => c !== 'XRP'),
		);
	});

	it('fails with a permission hint when the key lacks allow_balance', async () => {
		await api.admin('POST', '/__admin/keys', {
			access_key: 'no-balance',
			secret_key: 'no-balance-secret',
			permissions: ['allow_deposit'],
		});
		const { error } = await run(
			'getBalances',
			{},
			api.credentials({ accessKey: 'no-balance', secretKey: 'no-balance-secret' }),
		);
		expect(error?.description).toMatch(/allow_balance/);
	});
});

describe('account: Get Server Time (GET /status)', () => {
	it("reports 001k's clock and its difference from this server", async () => {
		await api.admin('POST', '/__admin/clock', { offsetMs: 120_000 });
		const { items, error } = await run('getServerTime');
		await api.admin('POST', '/__admin/clock', { offsetMs: 0 });
		expect(error).toBeUndefined();
		expect(items[0].json.differenceFromThisServerMs).toBeGreaterThan(110_000);
		expect(new Date(items[0].json.iso as string).getTime()).toBe(items[0].json.timestamp);
	});

	it('works without valid keys, as the endpoint is public', async () => {
		const { error } = await run('getServerTime', {}, api.credentials({ secretKey: 'wrong' }));
		expect(error).toBeUndefined();
	});
});
