/**
 * The transport, run inside real n8n-core (through a test-only node) against the sandbox over
 * real sockets: signing on the wire, URL building, error mapping, clock skew, retries.
 */
import { NodeApiError } from 'n8n-workflow';

import { mayHaveCommitted, networkError, notSentError } from '../nodes/shared/transport/errors';
import { ApiProbe } from './fixtures/ApiProbe.cjs';
import { runNode } from './harness/n8n.cjs';
import { DEMO_SECRET_KEY, useSandbox } from './helpers/sandbox.cjs';

const api = useSandbox();

interface Call {
	route: string;
	code?: string;
	qs?: Record<string, unknown>;
	body?: Record<string, unknown>;
	timeoutMs?: number;
}

async function send(calls: Call[], credentials = api.credentials()) {
	const { items, error } = await runNode({
		node: { name: 'apiProbe', type: new ApiProbe() },
		parameters: {},
		credentials,
		input: calls.map((json) => ({ json: json as never })),
	});
	return { results: items.map((item) => item.json.result as any), error };
}

async function requests(): Promise<any[]> {
	return await api.admin('GET', '/__admin/requests');
}

const allErrors: unknown[] = [];
function keep<T>(error: T): T {
	allErrors.push(error);
	return error;
}

describe('signing on the wire', () => {
	it('sends a POST whose signed body is byte for byte what 001k received', async () => {
		const body = {
			currency_code: 'BTC',
			amount: '0.01000000',
			recipient: 'user123',
			note: 'Zahlung für Dienste 💸',
			custom_id: 'wire-1',
		};
		const { results, error } = await send([{ route: 'POST /internal-transfer', body }]);
		expect(error).toBeUndefined();
		expect(results[0]).toMatchObject({ custom_id: 'wire-1', amount: '0.01000000' });

		const [received] = (await requests()).filter((r) => r.path === '/api/v1/internal-transfer');
		expect(received.status).toBe(200);
		expect(received.body).toBe(JSON.stringify(body));
		expect(received.headers['content-type']).toMatch(/^application\/json/);
		// The sandbox checks the HMAC over the raw bytes it read, so a 200 means signed bytes == received bytes.
		expect(received.signature_present).toBe(true);
	});

	it('builds query strings in the given order with one encoding', async () => {
		const { error } = await send([
			{
				route: 'GET /deposit',
				qs: {
					status: 'success',
					currency: 'BTC',
					custom_id: 'a b&c=d',
					limit: 5,
					offset: undefined,
				},
			},
		]);
		expect(error).toBeUndefined();
		const [received] = await requests();
		expect(received.raw_query).toBe('status=success&currency=BTC&custom_id=a%20b%26c%3Dd&limit=5');
		expect(received.body).toBe('');
	});
});

describe('path parameters', () => {
	it.each(['../withdraw', '../../balance', 'a?b', 'x#y', '%2e%2e', '50%', 'WDR/../..', 'üñí'])(
		'keeps the code %j inside GET /withdraw/{code}',
		async (code) => {
			const { error } = await send([{ route: 'GET /withdraw/{code}', code }]);
			expect(keep(error)?.message).toMatch(/not found|\[not_found\]/i);
			const log = await requests();
			expect(log).toHaveLength(1);
			expect(log[0].route).toBe('/api/v1/withdraw/{code}');
			expect(decodeURIComponent(log[0].path.slice('/api/v1/withdraw/'.length))).toBe(code);
		},
	);

	it.each(['', ' ', '.', '..'])('refuses the code %j before sending anything', async (code) => {
		const { error } = await send([{ route: 'GET /withdraw/{code}', code }]);
		expect(keep(error)?.message).toMatch(/not a valid 001k code/);
		expect(await requests()).toHaveLength(0);
	});
});

describe('authentication errors', () => {
	const cases: Array<[string, Record<string, string>, RegExp, RegExp]> = [
		['signature.invalid', { secretKey: 'wrong-secret' }, /signature/i, /Secret Key/],
		[
			'access_key.invalid',
			{ accessKey: 'no-such-key' },
			/does not know this access key/,
			/Access Key/,
		],
		[
			'access_key.inactive',
			{ accessKey: 'inactive-access-key', secretKey: 'inactive-secret-key' },
			/disabled/,
			/Enable the key/,
		],
		[
			'user.inactive',
			{ accessKey: 'inactive-user-access-key', secretKey: 'inactive-user-secret-key' },
			/account .* is inactive/,
			/support/,
		],
		[
			'access_key.ip_whitelist',
			{ accessKey: 'ip-restricted-access-key', secretKey: 'ip-restricted-secret-key' },
			/whitelist/,
			/IP address/,
		],
	];
	it.each(cases)('explains %s and what to fix', async (code, overrides, message, hint) => {
		const { error } = await send([{ route: 'GET /balance' }], api.credentials(overrides));
		keep(error);
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain(`[${code}]`);
		expect(error?.description).toMatch(hint);
		expect((await requests())[0].error_code).toBe(code);
	});

	it('names the missing permission', async () => {
		const { error } = await send(
			[{ route: 'GET /withdraw' }],
			api.credentials({ accessKey: 'readonly-access-key', secretKey: 'readonly-secret-key' }),
		);
		keep(error);
		expect(error?.message).toMatch(/may not call GET \/api\/v1\/withdraw/);
		expect(error?.description).toMatch(/allow_withdraw/);
	});
});

describe('clock skew', () => {
	afterEach(async () => {
		await api.admin('POST', '/__admin/clock', { offsetMs: 0 });
		await send([{ route: 'GET /balance' }]); // lets the transport learn the corrected offset again
	});

	it.each([30_000, -30_000])(
		're-signs once with 001k time when the server clock is off by %i ms, and keeps the offset',
		async (offsetMs) => {
			await api.admin('POST', '/__admin/clock', { offsetMs });
			const { results, error } = await send([{ route: 'GET /balance' }, { route: 'GET /balance' }]);
			expect(error).toBeUndefined();
			expect(results).toHaveLength(2);
			const log = await requests();
			expect(log.filter((r) => r.path === '/api/v1/status')).toHaveLength(1);
			expect(log.filter((r) => r.error_code === 'timestamp.invalid')).toHaveLength(1);
			expect(log.filter((r) => r.path === '/api/v1/balance' && r.status === 200)).toHaveLength(2);
		},
	);
});

describe('unreadable error answers', () => {
	afterEach(async () => {
		await api.admin('POST', '/__admin/clock', { offsetMs: 0 });
		await send([{ route: 'GET /balance' }]);
	});

	it('still recognises a cut-off timestamp.invalid answer and re-signs', async () => {
		await api.admin('POST', '/__admin/clock', { offsetMs: 30_000 });
		await api.admin('POST', '/__admin/faults', {
			method: 'GET',
			path: '/api/v1/balance',
			mode: 'malformed_json',
			count: 1,
		});
		const { error } = await send([{ route: 'GET /balance' }]);
		expect(error).toBeUndefined();
	});

	it('never echoes an unreadable error body', async () => {
		await api.admin('POST', '/__admin/faults', {
			method: 'GET',
			path: '/api/v1/withdraw/{code}',
			mode: 'malformed_json',
			count: 1,
		});
		const { error } = await send([{ route: 'GET /withdraw/{code}', code: 'NOPE' }]);
		expect(keep(error)?.message).toBe('Not found [not_found]');
	});
});

describe('retries', () => {
	it('retries a GET after 5xx answers', async () => {
		await api.admin('POST', '/__admin/faults', {
			method: 'GET',
			path: '/api/v1/balance',
			mode: '5xx',
			count: 2,
		});
		const { results, error } = await send([{ route: 'GET /balance' }]);
		expect(error).toBeUndefined();
		expect(Array.isArray(results[0])).toBe(true);
		expect((await requests()).map((r) => r.status)).toEqual([500, 500, 200]);
	});

	it.each(['reset', 'malformed_json'])('retries a GET after a %s', async (mode) => {
		await api.admin('POST', '/__admin/faults', {
			method: 'GET',
			path: '/api/v1/balance',
			mode,
			count: 1,
		});
		const { results, error } = await send([{ route: 'GET /balance' }]);
		expect(error).toBeUndefined();
		expect(results[0].length).toBeGreaterThan(0);
	});

	it('retries a GET that timed out', async () => {
		await api.admin('POST', '/__admin/faults', {
			method: 'GET',
			path: '/api/v1/balance',
			mode: 'timeout',
			count: 1,
		});
		const { results, error } = await send([{ route: 'GET /balance', timeoutMs: 400 }]);
		expect(error).toBeUndefined();
		expect(results[0].length).toBeGreaterThan(0);
	});

	it('waits out a 429 on a GET and tries again', async () => {
		await api.admin('POST', '/__admin/faults', {
			method: 'GET',
			path: '/api/v1/balance',
			mode: '429',
			count: 1,
		});
		const { error } = await send([{ route: 'GET /balance' }]);
		expect(error).toBeUndefined();
		expect((await requests()).map((r) => r.status)).toEqual([429, 200]);
	});

	const transfer = (customId?: string) => ({
		route: 'POST /internal-transfer',
		body: {
			currency_code: 'BTC',
			amount: '0.00100000',
			recipient: 'user123',
			...(customId ? { custom_id: customId } : {}),
		},
	});

	async function transfers() {
		const state = await api.admin('GET', '/__admin/state');
		const list = state.operations.internal_transfer;
		return list as Array<{ custom_id: string | null }>;
	}

	it.each(['drop_after_commit', 'reset', '5xx'])(
		'never resends a POST without custom_id (%s) and says the outcome is unknown',
		async (mode) => {
			await api.admin('POST', '/__admin/faults', {
				method: 'POST',
				path: '/api/v1/internal-transfer',
				mode,
				count: 1,
			});
			const { error } = await send([transfer()]);
			keep(error);
			expect(error?.message).toMatch(/^Outcome unknown/);
			expect(error?.description).toMatch(/Custom ID/);
			expect((await requests()).filter((r) => r.method === 'POST')).toHaveLength(1);
			expect((await transfers()).length).toBe(mode === 'drop_after_commit' ? 1 : 0);
		},
	);

	it('does not resend a POST without custom_id after a 429', async () => {
		await api.admin('POST', '/__admin/faults', {
			method: 'POST',
			path: '/api/v1/internal-transfer',
			mode: '429',
			count: 1,
		});
		const { error } = await send([transfer()]);
		expect(keep(error)?.message).toMatch(/rate limit/);
		expect(await requests()).toHaveLength(1);
		expect(await transfers()).toHaveLength(0);
	});

	it.each(['drop_after_commit', 'reset', '5xx', 'malformed_json'])(
		'resends a POST with custom_id after %s and ends with exactly one transfer',
		async (mode) => {
			await api.admin('POST', '/__admin/faults', {
				method: 'POST',
				path: '/api/v1/internal-transfer',
				mode,
				count: 2,
			});
			const { results, error } = await send([transfer(`retry-${mode}`)]);
			expect(error).toBeUndefined();
			expect(results[0]).toMatchObject({ custom_id: `retry-${mode}`, amount: '0.00100000' });
			const created = (await transfers()).filter((t) => t.custom_id === `retry-${mode}`);
			expect(created).toHaveLength(1);
			expect((await requests()).filter((r) => r.method === 'POST')).toHaveLength(3);
		},
	);
});

describe('"may have committed" is a typed fact, not a wording', () => {
	const node = {
		id: 'n',
		name: '001k',
		type: 'x',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
	};

	it('follows the flag set by networkError, whatever the message says', () => {
		const lost = networkError(node, 'timed out', {
			route: 'POST /api/v1/withdraw',
			outcomeUnknown: true,
		});
		lost.message = 'Reworded: no answer';
		expect(mayHaveCommitted(lost)).toBe(true);
		expect(
			mayHaveCommitted(
				new NodeApiError(
					node,
					{ message: 'Outcome unknown: looks lost' },
					{ message: 'Outcome unknown: looks lost' },
				),
			),
		).toBe(false);
		expect(
			mayHaveCommitted(
				networkError(node, 'refused', { route: 'GET /api/v1/balance', outcomeUnknown: false }),
			),
		).toBe(false);
		expect(mayHaveCommitted(notSentError(node, 'Outcome unknown? no: refused'))).toBe(false);
	});

	it('a credential that refuses to sign gives a "not sent" error: no "outcome unknown", no retry, no look-up', async () => {
		const body = {
			currency_code: 'BTC',
			amount: '0.001',
			recipient: 'user123',
			custom_id: 'refused-1',
		};
		const { error } = await send([{ route: 'POST /internal-transfer', body }], {
			...api.credentials(),
			secretKey: '',
		});
		expect(keep(error)?.message).toMatch(/needs both an Access Key and a Secret Key/);
		expect((error as unknown as { notSent?: boolean }).notSent).toBe(true);
		expect(error?.message).not.toMatch(/Outcome unknown/);
		expect(await requests()).toHaveLength(0);
	});

	it('a create the spending policy refuses is known before sending and never looked up by custom_id', async () => {
		const credentials = {
			...api.credentials(),
			spendingPolicy: true,
			allowedRecipients: 'bob@001k.test',
		} as never;
		const { error } = await runNode({
			node: 'zeroZeroOneK',
			parameters: {
				resource: 'internalTransfer',
				operation: 'create',
				currencyCode: 'BTC',
				amount: '0.001',
				recipient: 'user999',
				customIdMode: 'manual',
				customId: 'refused-2',
			} as never,
			credentials,
		});
		expect(keep(error)?.message).toMatch(
			/Spending Policy refused POST \/api\/v1\/internal-transfer: the recipient "user999" is not listed/,
		);
		// Only the public currency list (for the amount's precision) was read: no POST, no GET /internal-transfer?custom_id=.
		expect((await requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v1/currency',
		]);
	});
});

describe('secrets', () => {
	it('never puts the secret key or a signature into any error seen above', () => {
		expect(allErrors.length).toBeGreaterThan(20);
		for (const error of allErrors) {
			const text =
				JSON.stringify(error, Object.getOwnPropertyNames(error ?? {})) +
				String((error as Error)?.stack);
			expect(text).not.toContain(DEMO_SECRET_KEY);
			expect(text).not.toContain('wrong-secret');
			expect(text).not.toMatch(/[0-9a-f]{64}/);
		}
	});
});
