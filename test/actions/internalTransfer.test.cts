import { useSandbox, type RunExtras } from '../helpers/sandbox.cjs';

// Creates share one copy of GET /currency (10 a minute) per lifetime; Get Many reads it live: keep to 10 such runs in this file.
const api = useSandbox({ stepMs: 30 });

/** A transfer's success as 001k says it: success (status table) or completed (callback example; reading transferSuccessStatus). */
const succeeded = () => api.readings.transferSuccessStatus;

const run = (operation: string, extra: Record<string, unknown> = {}, options: RunExtras = {}) =>
	api.run('internalTransfer', operation, extra as never, options);

const requests = () => api.requests();
const posts = () => api.posts();

const transfer = { currencyCode: 'BTC', amount: '0.01000000', recipient: 'bob@001k.test' };

describe('internalTransfer: Create (POST /internal-transfer)', () => {
	it('sends the transfer with the amount as a string and outputs it', async () => {
		const { items, error } = await run('create', {
			...transfer,
			customIdMode: 'manual',
			customId: 'transfer-1',
			additionalFields: {
				note: 'Payment for services',
				address_book_code: 'AB1',
				callbackUrl: 'http://127.0.0.1:9/cb',
			},
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			code: expect.any(String),
			status: 'pending',
			currency_code: 'BTC',
			amount: '0.01000000',
			sender: 'demo',
			recipient: 'user123',
			note: 'Payment for services',
		});
		const [post] = await posts();
		expect(JSON.parse(post.body)).toEqual({
			currency_code: 'BTC',
			amount: '0.01000000',
			recipient: 'bob@001k.test',
			callback_url: 'http://127.0.0.1:9/cb',
			custom_id: 'transfer-1',
			address_book_code: 'AB1',
			note: 'Payment for services',
		});
	});

	it('waits for completion and outputs the final status', async () => {
		const { items, error } = await run('create', {
			...transfer,
			waitForCompletion: true,
			pollInterval: 0.05,
			waitTimeout: 10,
		});
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe(succeeded());
		expect(items[0].json.done_at).toEqual(expect.any(String));
	});

	it('outputs the transfer when the answer is lost after 001k stored it, and 001k holds exactly one', async () => {
		await api.admin('POST', '/__admin/faults', {
			method: 'POST',
			path: '/api/v1/internal-transfer',
			mode: 'drop_after_commit',
			count: 1,
		});
		const { items, error } = await run('create', transfer);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ amount: '0.01000000', recipient: 'user123' });
		expect((await posts()).map((r) => r.status)).toEqual([
			'dropped',
			Number(api.readings.createStatus),
		]);
		const stored = await run('getAll', { returnAll: true });
		expect(stored.items.map((item) => item.json.code)).toEqual([items[0].json.code]);
	});

	it("refuses more decimals than the currency's precision before sending the transfer", async () => {
		const { error } = await run('create', {
			...transfer,
			currencyCode: 'USDT',
			amount: '1.1234567',
		});
		expect(error?.message).toBe(
			'Amount "1.1234567" has 7 decimal places; at most 6 are allowed here',
		);
		// Nothing was sent: at most the shared copy of the public currency list was read (once per lifetime, issue 16).
		expect(
			(await requests())
				.map((r) => `${r.method} ${r.route}`)
				.filter((r) => r !== 'GET /api/v1/currency'),
		).toEqual([]);
	});

	it("shows 001k's reason for an unknown recipient", async () => {
		const { error } = await run('create', { ...transfer, recipient: 'nobody@001k.test' });
		expect(error?.message).toMatch(/Unknown recipient nobody@001k.test \[validation\.invalid\]/);
		expect(error?.description).toMatch(/recipient/);
	});

	it('keeps the good items and turns the bad one into an error item with Continue On Fail', async () => {
		const { items, error } = await run(
			'create',
			{ ...transfer, amount: '={{ $json.amount }}' },
			{
				continueOnFail: true,
				input: [
					{ json: { amount: '0.5' } },
					{ json: { amount: '-1' } },
					{ json: { amount: '0.25' } },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.amount).toBe('0.50000000');
		expect(items[1].json.error).toMatch(/Amount "-1" is not a plain decimal amount/);
		expect(items[2].json.amount).toBe('0.25000000');
		expect((await posts()).length).toBe(2);
	});

	it('names the missing allow_transfer permission', async () => {
		await api.admin('POST', '/__admin/keys', {
			access_key: 'no-transfer',
			secret_key: 'secret',
			permissions: ['allow_balance'],
		});
		const { error } = await run('create', transfer, {
			credentials: api.credentials({ accessKey: 'no-transfer', secretKey: 'secret' }),
		});
		expect(error?.message).toMatch(/may not call POST \/api\/v1\/internal-transfer/);
		expect(error?.description).toMatch(/allow_transfer/);
	});
});

describe('internalTransfer: Get (GET /internal-transfer/{code})', () => {
	it('outputs the transfer', async () => {
		const { first } = api.sandbox.admin.seed({
			type: 'internal_transfer',
			count: 3,
			currency: 'USDT',
			amount: '12.5',
		});
		const { items, error } = await run('get', { code: first });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			code: first,
			currency_code: 'USDT',
			amount: '12.500000',
			status: succeeded(),
		});
	});

	it('fails with the 404 message for an unknown code', async () => {
		const { error } = await run('get', { code: 'TRF-NOPE' });
		expect(error?.message).toMatch(/\[not_found\]/);
		expect(error?.httpCode).toBe(api.readings.notFoundStatus);
	});
});

describe('internalTransfer: Get Many (GET /internal-transfer)', () => {
	it('sends every filter, filtering on timestamp, and outputs one item per matching transfer', async () => {
		api.sandbox.admin.seed({
			type: 'internal_transfer',
			count: 4,
			currency: 'BTC',
			custom_id_prefix: 'pay-',
		});
		api.sandbox.admin.seed({
			type: 'internal_transfer',
			count: 4,
			currency: 'USDT',
			status: 'rejected',
		});
		const { items, error } = await run('getAll', {
			returnAll: true,
			filters: {
				status: succeeded(),
				currency_code: 'BTC',
				custom_id: 'pay-2',
				start_at: '2020-01-01T00:00:00Z',
				end_at: '2100-01-01',
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.custom_id)).toEqual(['pay-2']);
		expect(Object.fromEntries(new URLSearchParams((await requests())[0].raw_query))).toEqual({
			status: succeeded(),
			currency_code: 'BTC',
			custom_id: 'pay-2',
			start_at: '2020-01-01T00:00:00Z',
			end_at: '2100-01-01T00:00:00Z',
			limit: '200',
			offset: '0',
		});
	});

	it('returns up to the limit, one item per transfer', async () => {
		api.sandbox.admin.seed({ type: 'internal_transfer', count: 12, status: 'rejected' });
		const { items } = await run('getAll', {
			returnAll: false,
			limit: 5,
			filters: { status: 'rejected' },
		});
		expect(items).toHaveLength(5);
		expect(items.every((item) => item.json.status === 'rejected')).toBe(true);
	});

	it('names the missing allow_transfer permission', async () => {
		const { error } = await run(
			'getAll',
			{ returnAll: true },
			{
				credentials: api.credentials({
					accessKey: 'readonly-access-key',
					secretKey: 'readonly-secret-key',
				}),
			},
		);
		expect(error?.description).toMatch(/allow_transfer/);
	});
});
