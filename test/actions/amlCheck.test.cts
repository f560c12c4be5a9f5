import { useSandbox, type RunExtras } from '../helpers/sandbox.cjs';

const api = useSandbox({ stepMs: 30 });

const run = (operation: string, extra: Record<string, unknown> = {}, options: RunExtras = {}) =>
	api.run('amlCheck', operation, extra as never, options);

const requests = () => api.requests();
const posts = () => api.posts();
const readonly = () =>
	api.credentials({ accessKey: 'readonly-access-key', secretKey: 'readonly-secret-key' });

const ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const TX = '7b5968e39e0d4c980a234931b8a2fd21e804eb7e9f7eb5af75b3d89e2972ad3d';

describe('amlCheck: Get Plans (GET /aml/plan)', () => {
	it('outputs one item per plan with its price', async () => {
		const { items, error } = await run('getPlans');
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ code: 'amlcheck', currency: 'AMLCHECK', price: '1.00' }),
			expect.objectContaining({ code: 'usdt', currency: 'USDT', price: '1.00' }),
		]);
	});

	it('names the missing allow_aml_check permission', async () => {
		const { error } = await run('getPlans', {}, { credentials: readonly() });
		expect(error?.message).toMatch(/may not call GET \/api\/v1\/aml\/plan/);
		expect(error?.description).toMatch(/allow_aml_check/);
	});
});

describe('amlCheck: Get Tokens (GET /aml/token)', () => {
	it('outputs one item per token with its integer ID', async () => {
		const { items, error } = await run('getTokens');
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([1, 2, 3, 4]);
		// Network codes come in either case (reading networkCase).
		expect(items[3].json).toMatchObject({
			symbol: 'USDT',
			network: expect.stringMatching(/^tron$/i),
		});
	});

	it('names the missing allow_aml_check permission', async () => {
		const { error } = await run('getTokens', {}, { credentials: readonly() });
		expect(error?.description).toMatch(/allow_aml_check/);
	});
});

describe('amlCheck: Create (POST /aml/check)', () => {
	it('sends a withdrawal address check with the token as a JSON integer and outputs the check', async () => {
		const { items, error } = await run('create', {
			direction: 'withdrawal',
			token: 1,
			address: ADDRESS,
			customIdMode: 'manual',
			customId: 'my-aml-check-123',
			additionalFields: { callbackUrl: 'http://127.0.0.1:9/aml' },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			code: expect.any(String),
			status: api.readings.amlCreateStatus,
			direction: 'withdrawal',
			address: ADDRESS,
			price: '1.00',
		});
		const [post] = await posts();
		expect(post.body).toContain('"token":1,');
		expect(JSON.parse(post.body)).toEqual({
			direction: 'withdrawal',
			token: 1,
			address: ADDRESS,
			callback_url: 'http://127.0.0.1:9/aml',
			custom_id: 'my-aml-check-123',
		});
	});

	it('turns a token ID given as text by an expression into an integer', async () => {
		const { error } = await run('create', {
			direction: 'deposit',
			token: '={{ "2" }}',
			transaction: TX,
		});
		expect(error).toBeUndefined();
		expect(JSON.parse((await posts())[0].body)).toMatchObject({
			direction: 'deposit',
			token: 2,
			transaction: TX,
		});
	});

	it('refuses a deposit check without a transaction before sending anything', async () => {
		const { error } = await run('create', { direction: 'deposit', token: 1, address: ADDRESS });
		expect(error?.message).toBe('Transaction is required when Direction is Deposit');
		expect(await requests()).toEqual([]);
	});

	it('refuses a withdrawal check without an address, and a token that is not an ID, before sending anything', async () => {
		const noAddress = await run('create', { direction: 'withdrawal', token: 1, transaction: TX });
		expect(noAddress.error?.message).toBe('Address is required when Direction is Withdrawal');
		const badToken = await run('create', {
			direction: 'withdrawal',
			token: 'BTC',
			address: ADDRESS,
		});
		expect(badToken.error?.message).toMatch(/Token "BTC" is not a token ID/);
		expect(await requests()).toEqual([]);
	});

	it("shows 001k's reason for an unknown token", async () => {
		const { error } = await run('create', { direction: 'withdrawal', token: 99, address: ADDRESS });
		expect(error?.message).toMatch(/Unknown token 99 \[validation\.invalid\]/);
		expect(error?.description).toMatch(/token/);
	});

	it('waits for completion and outputs the final status with the report', async () => {
		const { items, error } = await run('create', {
			direction: 'withdrawal',
			token: 1,
			address: 'risky-address-1',
			waitForCompletion: true,
			pollInterval: 0.05,
			waitTimeout: 10,
		});
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('success');
		expect(items[0].json.report).toMatchObject({
			status: expect.stringMatching(/^ready$/i),
			alert_grade: 'severe',
			riskscore: api.readings.riskscoreType === 'string' ? '0.92' : 0.92,
		});
	});

	it('outputs the check when the answer is lost after 001k stored it, and 001k holds exactly one', async () => {
		await api.admin('POST', '/__admin/faults', {
			method: 'POST',
			path: '/api/v1/aml/check',
			mode: 'drop_after_commit',
			count: 1,
		});
		const { items, error } = await run('create', {
			direction: 'withdrawal',
			token: 3,
			address: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e',
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect((await posts()).map((r) => r.status)).toEqual([
			'dropped',
			Number(api.readings.createStatus),
		]);
		const stored = await run('getAll', { returnAll: true });
		expect(stored.items.map((item) => item.json.code)).toEqual([items[0].json.code]);
	});

	it('keeps the good items and turns the bad one into an error item with Continue On Fail', async () => {
		const { items, error } = await run(
			'create',
			{ direction: 'deposit', token: 1, transaction: '={{ $json.tx }}' },
			{ continueOnFail: true, input: [{ json: { tx: TX } }, { json: { tx: '' } }] },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({ json: { transaction: TX }, pairedItem: { item: 0 } });
		expect(items[1]).toMatchObject({
			json: { error: 'Transaction is required when Direction is Deposit' },
			pairedItem: { item: 1 },
		});
	});
});

describe('amlCheck: Get (GET /aml/check/{code})', () => {
	it('outputs the check with its report', async () => {
		const { first } = api.sandbox.admin.seed({ type: 'aml_check', count: 2, token: 2 });
		const { items, error } = await run('get', { code: first });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			code: first,
			status: 'success',
			token: 2,
			report: { status: 'ready' },
		});
	});

	it('fails with the 404 message for an unknown code', async () => {
		const { error } = await run('get', { code: 'AML-NOPE' });
		expect(error?.message).toMatch(/\[not_found\]/);
		expect(error?.httpCode).toBe(api.readings.notFoundStatus);
	});
});

describe('amlCheck: Get Many (GET /aml/check)', () => {
	it('sends every filter and outputs one item per matching check', async () => {
		const { first } = api.sandbox.admin.seed({
			type: 'aml_check',
			count: 6,
			token: 1,
			plan: 'usdt',
			custom_id_prefix: 'kyc-',
			address: ADDRESS,
		});
		api.sandbox.admin.seed({ type: 'aml_check', count: 6, token: 2, status: 'failed' });
		const filters = {
			status: 'success',
			plan: 'usdt',
			token: 1,
			address: ADDRESS,
			transaction: '',
			code: first,
			custom_id: 'kyc-0',
			start_at: '2020-01-01T00:00:00Z',
			end_at: '2100-01-01T00:00:00Z',
		};
		const { items, error } = await run('getAll', { returnAll: true, filters });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.code)).toEqual([first]);
		expect(Object.fromEntries(new URLSearchParams((await requests())[0].raw_query))).toEqual({
			status: 'success',
			plan: 'usdt',
			token: '1',
			address: ADDRESS,
			code: first,
			custom_id: 'kyc-0',
			start_at: '2020-01-01T00:00:00Z',
			end_at: '2100-01-01T00:00:00Z',
			limit: '200',
			offset: '0',
		});
	});

	it('filters on the transaction hash and stops at the limit', async () => {
		await run('create', { direction: 'deposit', token: 1, transaction: TX, customIdMode: 'none' });
		api.sandbox.admin.seed({ type: 'aml_check', count: 5 });
		const byTx = await run('getAll', { returnAll: true, filters: { transaction: TX } });
		expect(byTx.items.map((item) => item.json.transaction)).toEqual([TX]);
		const limited = await run('getAll', { returnAll: false, limit: 3 });
		expect(limited.items).toHaveLength(3);
	});

	it('names the missing allow_aml_check permission', async () => {
		const { error } = await run('getAll', { returnAll: true }, { credentials: readonly() });
		expect(error?.description).toMatch(/allow_aml_check/);
	});
});
