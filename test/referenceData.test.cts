/**
 * Issue 16: reference lists are shared across executions (per base URL and key pair, for a short
 * lifetime), a create never waits on a lookup's rate limit, and 001k's rejection of what a stored
 * copy allowed refreshes the copy. Issue 15: a withdrawal is never refused because a helper lookup
 * failed; it is sent and the output says it was not checked.
 */
import { useSandbox, type LoggedRequest } from './helpers/sandbox.cjs';

const TRON_ADDRESS = 'TXyzTronAddress000000000000000000';
const usdt = (overrides: Record<string, unknown> = {}) => ({
	currency: 'USDT',
	method: 'USDTTRC20',
	amount: '100',
	address: TRON_ADDRESS,
	...overrides,
});

function suite(api: ReturnType<typeof useSandbox>) {
	let keys = 0;
	/** A key of its own per test: copies are kept per key pair, so each test starts with none. */
	async function freshKey() {
		const key = { access_key: `ref-${process.pid}-${++keys}`, secret_key: `ref-secret-${keys}` };
		await api.admin('POST', '/__admin/keys', key);
		return api.credentials({ accessKey: key.access_key, secretKey: key.secret_key });
	}
	const withdraw = (
		credentials: Record<string, string>,
		parameters: Record<string, unknown> = {},
	) => api.run('withdrawal', 'create', usdt(parameters), { credentials });
	async function log(
		credentials: Record<string, string>,
		route: string,
		method?: string,
	): Promise<LoggedRequest[]> {
		const all = (await api.requests()) as Array<
			LoggedRequest & { headers: Record<string, string> }
		>;
		return all.filter(
			(r) =>
				r.route === route &&
				r.headers['x-access-key'] === credentials.accessKey &&
				(!method || r.method === method),
		);
	}
	return { freshKey, withdraw, log };
}

describe('reference data shared across executions', () => {
	const api = useSandbox({ autoAdvance: false });
	const { freshKey, withdraw, log } = suite(api);

	it('reads the methods once for many executions, and never shares them with another key', async () => {
		const first = await freshKey();
		for (let i = 0; i < 3; i++) expect((await withdraw(first)).error).toBeUndefined();
		expect(await log(first, '/api/v1/withdrawal-methods')).toHaveLength(1);
		expect(await log(first, '/api/v1/withdraw', 'POST')).toHaveLength(3);
		const second = await freshKey();
		const { items, error } = await withdraw(second);
		expect(error).toBeUndefined();
		expect(items[0].json).not.toHaveProperty('validation');
		expect(await log(second, '/api/v1/withdrawal-methods')).toHaveLength(1);
	});

	it('shares one lookup among executions that start at the same moment', async () => {
		const key = await freshKey();
		const runs = await Promise.all(
			Array.from({ length: 10 }, () => withdraw(key, { amount: '20' })),
		);
		expect(runs.map((r) => r.error)).toEqual(Array(10).fill(undefined));
		expect(await log(key, '/api/v1/withdrawal-methods')).toHaveLength(1);
		expect(await log(key, '/api/v1/withdraw', 'POST')).toHaveLength(10);
	});

	it('refreshes a stale list after 001k rejects a method it listed, and explains each later refusal of the method it no longer lists', async () => {
		const key = await freshKey();
		expect((await withdraw(key)).error).toBeUndefined();
		await api.admin('POST', '/__admin/withdrawal-methods', { code: 'USDTTRC20', enabled: false });

		const rejected = await withdraw(key);
		expect(rejected.error?.message).toBe(
			'"USDTTRC20" is not a withdrawal method for USDT; available: USDTERC20',
		);
		expect(rejected.error?.description).toMatch(
			/^001k rejected the request \(Unknown withdraw method USDTTRC20 for USDT \[validation\.invalid\]\), so nothing was created/,
		);
		expect((await log(key, '/api/v1/withdraw', 'POST')).map((r) => r.status)).toEqual([200, 400]);
		expect(await log(key, '/api/v1/withdrawal-methods')).toHaveLength(2);

		// A method the list does not name may be a spelling it does not use (issue 15): 001k judges it, the re-read list explains.
		const refused = await withdraw(key);
		expect(refused.error?.message).toBe(
			'"USDTTRC20" is not a withdrawal method for USDT; available: USDTERC20',
		);
		expect(refused.error?.description).toMatch(
			/so nothing was created; its lists, re-read, do not list it either\.$/,
		);
		expect((await log(key, '/api/v1/withdraw', 'POST')).map((r) => r.status)).toEqual([
			200, 400, 400,
		]);
		expect(await log(key, '/api/v1/withdrawal-methods')).toHaveLength(3);
		expect((await withdraw(key, { method: 'USDTERC20' })).error).toBeUndefined();
		expect(await log(key, '/api/v1/withdrawal-methods')).toHaveLength(3);
	});

	it('refreshes the limits after 001k rejects an amount the stored copy allowed', async () => {
		const key = await freshKey();
		expect((await withdraw(key)).error).toBeUndefined();
		await api.admin('POST', '/__admin/withdrawal-methods', { code: 'USDTTRC20', max_amount: '50' });
		const rejected = await withdraw(key);
		expect(rejected.error?.message).toBe(
			'Amount 100 USDT is outside the USDTTRC20 limits: 20.000000 to 50.000000',
		);
		expect(rejected.error?.description).toMatch(
			/\[validation\.max_amount\]\), so nothing was created/,
		);
		expect((await withdraw(key, { amount: '50' })).error).toBeUndefined();
		expect(await log(key, '/api/v1/withdrawal-methods')).toHaveLength(2);
	});

	it("keeps 001k's verdict when the re-read list still allows the request, and never resends it", async () => {
		const key = await freshKey();
		expect((await withdraw(key)).error).toBeUndefined();
		// A tag is a field the methods list has a rule for, but 001k refuses this one for its length.
		const rejected = await withdraw(key, { additionalFields: { tag: 'x'.repeat(65) } });
		expect(rejected.error?.message).toBe('tag must be at most 64 characters [validation.invalid]');
		expect((await log(key, '/api/v1/withdraw', 'POST')).map((r) => r.status)).toEqual([200, 400]);
		expect(await log(key, '/api/v1/withdrawal-methods')).toHaveLength(2);
		// A verdict nothing in the lists predicts (the balance) costs no lookup.
		await api.admin('POST', '/__admin/balances', { currency: 'USDT', available: '50' });
		expect((await withdraw(key)).error?.message).toMatch(
			new RegExp(`^Not enough USDT on 001k .*\\[${String(api.readings.insufficientBalance)}\\]$`),
		);
		expect(await log(key, '/api/v1/withdrawal-methods')).toHaveLength(2);
		expect(await log(key, '/api/v1/withdraw', 'POST')).toHaveLength(3);
	});

	it('does not wait for a rate-limited lookup: sends, lets 001k validate and says so', async () => {
		const key = await freshKey();
		await api.admin('POST', '/__admin/faults', {
			method: 'GET',
			path: '/api/v1/withdrawal-methods',
			mode: '429',
			count: -1,
			retryAfter: 30,
		});
		const { items, error } = await withdraw(key);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'pending', amount: '100.000000' });
		expect(items[0].json.validation).toBe(
			'not checked against GET /withdrawal-methods (GET /withdrawal-methods rate-limited): 001k validated the request',
		);
		// One try, not waited out (Retry-After was 30 s).
		expect((await log(key, '/api/v1/withdrawal-methods')).map((r) => r.status)).toEqual([429]);

		const overPrecise = await withdraw(key, { amount: '100.1234567' });
		expect(overPrecise.error?.message).toMatch(/\[validation\.precision\]/);

		const preview = await withdraw(key, { dryRun: true });
		expect(preview.items[0].json).toMatchObject({
			dryRun: true,
			validation: expect.stringMatching(/^not checked against GET \/withdrawal-methods/),
		});
		expect(preview.items[0].json).not.toHaveProperty('quote');

		await api.admin('DELETE', '/__admin/faults');
		const checked = await withdraw(key);
		expect(checked.items[0].json).not.toHaveProperty('validation');
		expect(await log(key, '/api/v1/withdraw', 'POST')).toHaveLength(3);
	});

	it("sends a withdrawal of a currency the methods list names no method of, and explains 001k's refusal", async () => {
		const key = await freshKey();
		for (const code of ['USDTERC20', 'USDTTRC20'])
			await api.admin('POST', '/__admin/withdrawal-methods', { code, enabled: false });
		const { error } = await withdraw(key, { method: '' });
		expect(error?.message).toBe('No withdrawal method is available for currency "USDT"');
		expect(error?.description).toMatch(
			/^001k rejected the request \(.*\[validation\.invalid\]\), so nothing was created; its lists, re-read, do not list it either\.$/,
		);
		expect((await log(key, '/api/v1/withdraw', 'POST')).map((r) => r.status)).toEqual([400]);
	});

	it("sends an internal transfer of a currency GET /currency does not list, and explains 001k's refusal", async () => {
		const key = await freshKey();
		const { error } = await api.run(
			'internalTransfer',
			'create',
			{ currencyCode: 'DOGE', amount: '1', recipient: 'user123' },
			{ credentials: key },
		);
		expect(error?.message).toBe('"DOGE" is not a 001k currency code');
		expect(error?.description).toMatch(
			/^001k rejected the request .*, so nothing was created; its lists, re-read, do not list it either\.$/,
		);
		expect((await log(key, '/api/v1/internal-transfer', 'POST')).map((r) => r.status)).toEqual([
			400,
		]);
	});

	it('with the AML Gate on, refuses rather than withdraws when the methods cannot be read', async () => {
		const key = await freshKey();
		await api.admin('POST', '/__admin/faults', {
			method: 'GET',
			path: '/api/v1/withdrawal-methods',
			mode: '429',
			count: -1,
		});
		const { error } = await withdraw(key, { amlGate: true });
		expect(error?.message).toMatch(/^The AML Gate needs the withdrawal method's network/);
		expect((await api.posts()).filter((r) => r.path !== '/__admin/faults')).toEqual([]);
	});
});

describe('reading withdrawalMethodCurrency=false: methods that do not name their currency', () => {
	const api = useSandbox({ autoAdvance: false, readings: { withdrawalMethodCurrency: false } });
	const { freshKey, withdraw, log } = suite(api);

	it("finds the method's currency in GET /currency's withdraw arrays, once per lifetime", async () => {
		const key = await freshKey();
		expect((await withdraw(key)).error).toBeUndefined();
		expect((await withdraw(key, { method: '' })).items[0].json).toMatchObject({
			method: 'USDTERC20',
		});
		const wrong = await withdraw(key, { method: 'BTC' });
		expect(wrong.error?.message).toBe(
			'"BTC" is not a withdrawal method for USDT; available: USDTERC20, USDTTRC20',
		);
		expect(await log(key, '/api/v1/withdrawal-methods')).toHaveLength(1);
		expect((await api.requests()).filter((r) => r.route === '/api/v1/currency')).toHaveLength(1);
	});

	it('refuses before sending when GET /currency says the currency has no withdrawal method', async () => {
		const key = await freshKey();
		for (const code of ['USDTERC20', 'USDTTRC20'])
			await api.admin('POST', '/__admin/withdrawal-methods', { code, enabled: false });
		const { error } = await withdraw(key, { method: '' });
		expect(error?.message).toBe('No withdrawal method is available for currency "USDT"');
		expect(await log(key, '/api/v1/withdraw', 'POST')).toEqual([]);
	});

	it("when GET /currency cannot be read either, still checks a named method's own rules and sends", async () => {
		const key = await freshKey();
		await api.admin('POST', '/__admin/faults', {
			method: 'GET',
			path: '/api/v1/currency',
			mode: '5xx',
			status: 503,
			count: -1,
		});
		const named = await withdraw(key);
		expect(named.error).toBeUndefined();
		expect(named.items[0].json.validation).toBe(
			'not checked against GET /currency (GET /currency unavailable): 001k validated the request',
		);
		const overPrecise = await withdraw(key, { amount: '100.1234567' });
		expect(overPrecise.error?.message).toBe(
			'Amount "100.1234567" has 7 decimal places; at most 6 are allowed here',
		);
		const unnamed = await withdraw(key, { method: '' });
		expect(unnamed.error).toBeUndefined();
		expect(unnamed.items[0].json).toMatchObject({ status: 'pending', method: 'USDTERC20' });
		expect(await log(key, '/api/v1/withdraw', 'POST')).toHaveLength(2);
	});
});
