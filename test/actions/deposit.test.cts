import { useSandbox, type RunExtras } from '../helpers/sandbox.cjs';

// Return All reads 10,500 deposits in one test: the sandbox's limiter is off, our pacer still applies.
const api = useSandbox({ rateLimits: false });

const run = (operation: string, extra: Record<string, unknown> = {}, options: RunExtras = {}) =>
	api.run('deposit', operation, extra as never, options);

const requests = () => api.requests();

async function keyWithout(permission: string) {
	const all = [
		'allow_balance',
		'allow_deposit',
		'allow_withdraw',
		'allow_swap',
		'allow_transfer',
		'allow_aml_check',
		'allow_limit_order',
	];
	await api.admin('POST', '/__admin/keys', {
		access_key: `no-${permission}`,
		secret_key: 'secret',
		permissions: all.filter((p) => p !== permission),
	});
	return api.credentials({ accessKey: `no-${permission}`, secretKey: 'secret' });
}

describe('deposit: Get Methods (GET /deposit-methods)', () => {
	it('outputs one item per method, with the filters sent as query parameters', async () => {
		const { items, error } = await run('getMethods', {
			filters: { currency: 'usdt', is_enabled: true },
		});
		expect(error).toBeUndefined();
		// Doc §3.3 lists /deposit-methods codes as btc_native, eth_erc20, xlm_native.
		expect(items.map((item) => item.json.code)).toEqual(['usdt_erc20', 'usdt_trc20']);
		expect(items[0].json).toMatchObject({
			min_amount: expect.any(String),
			currency: { code: 'USDT', precision: 6 },
		});
		const [request] = await requests();
		expect(request.raw_query).toBe('currency=USDT&is_enabled=true');
	});

	it('sends no query when no filter is set', async () => {
		const { items } = await run('getMethods');
		expect(items.length).toBeGreaterThanOrEqual(7);
		expect((await requests())[0].raw_query).toBe('');
	});

	it('names the missing allow_deposit permission', async () => {
		const { error } = await run(
			'getMethods',
			{},
			{ credentials: await keyWithout('allow_deposit') },
		);
		expect(error?.message).toMatch(/may not call GET \/api\/v1\/deposit-methods/);
		expect(error?.description).toMatch(/allow_deposit/);
	});
});

describe('deposit: Generate Address (POST /deposit/generate_address)', () => {
	it('outputs the new address and sends the custom_id and callback URL', async () => {
		const { items, error } = await run('generateAddress', {
			currency: 'XRP',
			method: 'xrp_native',
			customIdMode: 'manual',
			customId: 'deposit-address-1',
			additionalFields: { callbackUrl: 'http://127.0.0.1:9/callback' },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			address: expect.any(String),
			tag: expect.any(String),
			currency: 'XRP',
		});
		const [request] = await requests();
		expect(JSON.parse(request.body)).toEqual({
			currency: 'XRP',
			method: 'xrp_native',
			callback_url: 'http://127.0.0.1:9/callback',
			custom_id: 'deposit-address-1',
		});
	});

	it('returns the same address when the same custom_id is sent again', async () => {
		const params = { currency: 'BTC', customIdMode: 'manual', customId: 'same-address' };
		const first = await run('generateAddress', params);
		const second = await run('generateAddress', params);
		expect(second.items[0].json.address).toBe(first.items[0].json.address);
		const other = await run('generateAddress', { currency: 'BTC', customIdMode: 'none' });
		// Without a custom_id: a new address, or the method's existing one under depositAddressReuse=same.
		expect(other.items[0].json.address !== first.items[0].json.address).toBe(
			api.readings.depositAddressReuse === 'new',
		);
		expect(JSON.parse((await requests())[2].body)).toEqual({ currency: 'BTC' });
	});

	it("shows 001k's reason when the method does not belong to the currency", async () => {
		const { error } = await run('generateAddress', { currency: 'BTC', method: 'XRP' });
		expect(error?.message).toMatch(/validation\.invalid/);
		expect(error?.description).toMatch(/method/);
	});

	it('names the missing allow_deposit permission', async () => {
		const { error } = await run(
			'generateAddress',
			{ currency: 'BTC' },
			{ credentials: await keyWithout('allow_deposit') },
		);
		expect(error?.description).toMatch(/allow_deposit/);
	});
});

describe('deposit: Get (GET /deposit/{code})', () => {
	it('outputs the deposit', async () => {
		const deposit = api.sandbox.admin.createDeposit({ currency: 'BTC', amount: '0.5' });
		const { items, error } = await run('get', { code: deposit.code });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			code: deposit.code,
			currency: 'BTC',
			amount: '0.50000000',
			status: 'pending',
		});
	});

	it('fails with the 404 message for an unknown code', async () => {
		const { error } = await run('get', { code: 'DEP-NOPE' });
		expect(error?.message).toMatch(/not_found/);
		expect(error?.description).toMatch(/Check the code/);
	});

	it('keeps the good items and turns the bad one into an error item with Continue On Fail', async () => {
		const deposit = api.sandbox.admin.createDeposit({ currency: 'ETH', amount: '1' });
		const { items, error } = await run(
			'get',
			{ code: '={{ $json.code }}' },
			{
				continueOnFail: true,
				input: [{ json: { code: deposit.code } }, { json: { code: 'DEP-NOPE' } }],
			},
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({ json: { code: deposit.code }, pairedItem: { item: 0 } });
		expect(items[1].json.error).toMatch(/not_found/);
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('deposit: Get Many (GET /deposit)', () => {
	it('sends every filter, with dates in ISO 8601 UTC, and outputs only matching deposits', async () => {
		api.sandbox.admin.seed({
			type: 'deposit',
			count: 5,
			currency: 'BTC',
			custom_id_prefix: 'btc-',
		});
		api.sandbox.admin.seed({ type: 'deposit', count: 5, currency: 'ETH' });
		const { items, error } = await run('getAll', {
			returnAll: true,
			filters: {
				status: 'success',
				currency: 'BTC',
				custom_id: 'btc-3',
				start_at: '2000-01-01T00:00:00.000Z',
				end_at: '2100-01-01T00:00:00+02:00',
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.custom_id)).toEqual(['btc-3']);
		const [request] = await requests();
		const query = new URLSearchParams(request.raw_query);
		expect(Object.fromEntries(query)).toEqual({
			status: 'success',
			currency: 'BTC',
			custom_id: 'btc-3',
			start_at: '2000-01-01T00:00:00Z',
			end_at: '2099-12-31T22:00:00Z',
			limit: '200',
			offset: '0',
		});
	});

	it('returns up to the limit, newest first', async () => {
		api.sandbox.admin.seed({ type: 'deposit', count: 30 });
		const { items } = await run('getAll', { returnAll: false, limit: 7 });
		expect(items).toHaveLength(7);
		const times = items.map((item) => String(item.json.created_at));
		expect([...times].sort().reverse()).toEqual(times);
		expect(new URLSearchParams((await requests())[0].raw_query).get('limit')).toBe('7');
	});

	it('returns all 10,500 deposits past the 10,000 offset cap, each exactly once', async () => {
		api.sandbox.admin.seed({ type: 'deposit', count: 10_500 });
		const { items, error } = await run('getAll', { returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(10_500);
		expect(new Set(items.map((item) => item.json.code)).size).toBe(10_500);
		const log = await requests();
		expect(log.every((r) => r.status === 200)).toBe(true);
		const queries = log.map((r) => new URLSearchParams(r.raw_query));
		expect(queries.every((q) => Number(q.get('offset')) <= 10_000)).toBe(true);
		// Past the cap the window's end moves back instead of the offset growing.
		expect(queries.some((q) => q.has('end_at'))).toBe(true);
	}, 120_000);

	it('rejects an invalid date before sending anything', async () => {
		const { error } = await run('getAll', {
			returnAll: true,
			filters: { start_at: 'yesterday-ish' },
		});
		expect(error?.message).toMatch(/start_at "yesterday-ish" is not a valid date/);
		expect(await requests()).toEqual([]);
	});
});
