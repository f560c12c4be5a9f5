import { createHmac } from 'crypto';
import type { ICredentialType, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { authenticate, credentialType } from './harness/n8n.cjs';

// Expected signatures computed outside our code, with python3's hmac exactly as the doc's Python
// client does: hmac.new(secret, access_key + path + timestamp + body, sha256).hexdigest().
const ACCESS_KEY = 'demo-access-key';
const SECRET_KEY = 'demo-secret-key';
const TIMESTAMP = '1676541877000';
const VECTORS = [
	{
		name: 'GET with an empty body',
		baseUrl: 'http://127.0.0.1:4001',
		request: { method: 'GET', url: 'http://127.0.0.1:4001/api/v1/balance' },
		body: '',
		signature: '08d2356840fa03836ddbdf94553c8d687da955f6a32d31c118ab8d783f11a6e5',
	},
	{
		name: 'POST with an ASCII body',
		request: {
			method: 'POST',
			baseURL: 'https://api.001k.world',
			url: '/api/v1/withdraw',
			body: {
				currency: 'BTC',
				method: 'btc_native',
				amount: '0.01000000',
				address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
				custom_id: 'my-withdrawal-123',
			},
		},
		body: '{"currency":"BTC","method":"btc_native","amount":"0.01000000","address":"bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh","custom_id":"my-withdrawal-123"}',
		signature: 'bc3fa827c971376d48858f357f195abbea00a50349428f278a0fe0583a9d8ff0',
	},
	{
		name: 'POST with a non-ASCII body',
		request: {
			method: 'POST',
			url: 'https://api.001k.world/api/v1/internal-transfer',
			body: {
				currency_code: 'BTC',
				amount: '0.01000000',
				recipient: 'user123',
				note: 'Zahlung für Dienste 💸',
			},
		},
		body: '{"currency_code":"BTC","amount":"0.01000000","recipient":"user123","note":"Zahlung für Dienste 💸"}',
		signature: '458d9e1282104a070de891d9cacbb6db3187e3fc863400bd364af072c7781d60',
	},
	{
		name: 'POST with a nested beneficiary object',
		request: {
			method: 'POST',
			url: 'https://api.001k.world/api/v1/withdraw?ignored=query',
			body: {
				currency: 'EUR',
				method: 'sepa',
				amount: '1000.00',
				address: 'DE89370400440532013000',
				beneficiary: {
					first_name: 'John',
					last_name: 'Doe',
					email: 'john.doe@example.com',
					iban: 'DE89370400440532013000',
				},
				custom_id: 'my-withdrawal-456',
				receive_mode: 'exact',
			},
		},
		body: '{"currency":"EUR","method":"sepa","amount":"1000.00","address":"DE89370400440532013000","beneficiary":{"first_name":"John","last_name":"Doe","email":"john.doe@example.com","iban":"DE89370400440532013000"},"custom_id":"my-withdrawal-456","receive_mode":"exact"}',
		signature: '15ffe23d269c2f88241f0a781817027b75959519b36ed76912d724b73a172624',
	},
];

const credentials = {
	accessKey: ACCESS_KEY,
	secretKey: SECRET_KEY,
	baseUrl: 'https://api.001k.world',
};

async function sign(request: IDataObject, baseUrl = credentials.baseUrl) {
	return await authenticate({ ...credentials, baseUrl }, {
		...request,
		headers: { 'X-Timestamp': TIMESTAMP },
	} as unknown as IHttpRequestOptions);
}

describe('credential zeroZeroOneKApi', () => {
	let type: ICredentialType;
	beforeAll(async () => {
		type = await credentialType();
	});

	it('is the "001k API" credential with a password-protected secret and a signed balance test', () => {
		expect(type.displayName).toBe('001k API');
		const secret = type.properties.find((p) => p.name === 'secretKey');
		expect(secret?.typeOptions?.password).toBe(true);
		expect(type.properties.find((p) => p.name === 'baseUrl')?.default).toBe(
			'https://api.001k.world',
		);
		expect(type.test?.request.url).toBe('/api/v1/balance');
	});

	describe.each(VECTORS)('signs $name', ({ request, body, signature, baseUrl }) => {
		it('with the independently computed signature and the exact body it will send', async () => {
			const signed = await sign(request, baseUrl);
			const headers = signed.headers as IDataObject;
			expect(headers['X-Access-Key']).toBe(ACCESS_KEY);
			expect(headers['X-Timestamp']).toBe(TIMESTAMP);
			expect(headers['X-Signature']).toBe(signature);
			if (body === '') {
				expect(signed.body).toBeUndefined();
			} else {
				expect(signed.body).toBe(body);
				expect(headers['Content-Type']).toBe('application/json');
			}
		});
	});

	it('signs a JSON string body as sent (trimmed, like axios) and refuses a non-JSON one', async () => {
		const signed = await sign({
			method: 'POST',
			url: 'https://api.001k.world/api/v1/withdraw',
			body: `  ${VECTORS[1].body}\n`,
		});
		expect(signed.body).toBe(VECTORS[1].body);
		expect((signed.headers as IDataObject)['X-Signature']).toBe(VECTORS[1].signature);
		await expect(
			sign({ method: 'POST', url: 'https://x.test/api/v1/withdraw', body: 'a=b' }),
		).rejects.toThrow(/JSON/);
	});

	it('uses the current time when no timestamp is preset', async () => {
		const before = Date.now();
		const signed = await authenticate(credentials, {
			method: 'GET',
			url: 'https://api.001k.world/api/v1/balance',
		});
		const ts = Number((signed.headers as IDataObject)['X-Timestamp']);
		expect(ts).toBeGreaterThanOrEqual(before);
		expect(ts).toBeLessThanOrEqual(Date.now());
	});

	it('refuses to sign without keys, and never echoes the secret', async () => {
		const attempt = authenticate(
			{ accessKey: '', secretKey: 'top-secret-value' },
			{ method: 'GET', url: 'https://x.test/api/v1/balance' },
		);
		await expect(attempt).rejects.toThrow(/Access Key/);
		await attempt.catch((error: Error) =>
			expect(JSON.stringify({ m: error.message, s: error.stack })).not.toContain(
				'top-secret-value',
			),
		);
	});

	it('reads the legacy request shape of the HTTP Request node (uri, qs) and signs the path without the query', async () => {
		const signed = await sign(
			{ method: 'GET', uri: 'http://127.0.0.1:4001/api/v1/balance', qs: { currency: 'BTC' } },
			'http://127.0.0.1:4001',
		);
		expect((signed.headers as IDataObject)['X-Signature']).toBe(VECTORS[0].signature);
		expect((signed as unknown as IDataObject).uri).toBe('http://127.0.0.1:4001/api/v1/balance');
	});

	it('turns redirects off in both request shapes', async () => {
		for (const request of [
			{ method: 'GET', url: 'https://api.001k.world/api/v1/balance' },
			{
				method: 'POST',
				uri: 'https://api.001k.world/api/v1/withdraw',
				body: {},
				followRedirect: true,
				followAllRedirects: true,
			},
		]) {
			const signed = (await sign(request)) as unknown as IDataObject;
			expect(signed).toMatchObject({
				followRedirect: false,
				followAllRedirects: false,
				disableFollowRedirect: true,
				maxRedirects: 0,
			});
		}
	});

	it('marks a refusal to sign as "not sent" with a typed flag', async () => {
		const attempt = authenticate(
			{ accessKey: 'a', secretKey: '' },
			{ method: 'GET', url: 'https://x.test/api/v1/balance' },
		);
		await expect(attempt).rejects.toMatchObject({ notSent: true, name: 'SigningRefusedError' });
	});
});

describe('credential zeroZeroOneKApi signs only for its Base URL', () => {
	const attempt = (baseUrl: string, request: IDataObject, extra: IDataObject = {}) =>
		authenticate({ ...credentials, ...extra, baseUrl }, {
			headers: { 'X-Timestamp': TIMESTAMP },
			...request,
		} as unknown as IHttpRequestOptions);
	const refusal = (base: string, target: string) =>
		`The 001k credential signs only requests to its Base URL (${base}); this request goes to ${target}:`;
	const hmac = (path: string) =>
		createHmac('sha256', SECRET_KEY)
			.update(ACCESS_KEY + path + TIMESTAMP)
			.digest('hex');

	describe.each([
		['another host', 'https://api.001k.world', 'https://api.001k.world.example/api/v1/balance'],
		[
			'a host hidden behind userinfo',
			'https://api.001k.world',
			'https://api.001k.world@bin.example/x',
		],
		['http for https', 'https://api.001k.world', 'http://api.001k.world/api/v1/balance'],
		[
			'the same host on another port',
			'http://127.0.0.1:4001',
			'http://127.0.0.1:4002/api/v1/balance',
		],
		['localhost for 127.0.0.1', 'http://127.0.0.1:4001', 'http://localhost:4001/api/v1/balance'],
		['127.0.0.1 for localhost', 'http://localhost:4001', 'http://127.0.0.1:4001/api/v1/balance'],
	])('refuses %s', (_name, baseUrl, url) => {
		it.each([
			['GET', 'off'],
			['POST', 'off'],
			['GET', 'on'],
			['POST', 'on'],
		])('%s, spending policy %s: a typed refusal naming both origins', async (method, policy) => {
			const signing = attempt(
				baseUrl,
				{ method, url, ...(method === 'POST' ? { body: { currency: 'BTC' } } : {}) },
				{ spendingPolicy: policy === 'on' },
			);
			await expect(signing).rejects.toThrow(refusal(baseUrl, new URL(url).origin));
			await expect(signing).rejects.toMatchObject({ notSent: true, name: 'SigningRefusedError' });
		});
	});

	it('takes the same origin in any letter case and with or without the default port', async () => {
		for (const [baseUrl, url] of [
			['https://api.001k.world', 'https://API.001k.World:443/api/v1/balance'],
			['HTTPS://API.001K.WORLD:443/', 'https://api.001k.world/api/v1/balance'],
			['http://127.0.0.1:80', 'http://127.0.0.1/api/v1/balance'],
		]) {
			const signed = await attempt(baseUrl, { method: 'GET', url });
			expect((signed.headers as IDataObject)['X-Signature']).toBe(VECTORS[0].signature);
		}
	});

	it('reads an empty Base URL as https://api.001k.world', async () => {
		const signed = await attempt('', {
			method: 'GET',
			url: 'https://api.001k.world/api/v1/balance',
		});
		expect((signed.headers as IDataObject)['X-Signature']).toBe(VECTORS[0].signature);
		await expect(
			attempt('  ', { method: 'GET', url: 'http://127.0.0.1:4001/api/v1/balance' }),
		).rejects.toThrow(refusal('https://api.001k.world', 'http://127.0.0.1:4001'));
	});

	it('signs a relative URL resolved against baseURL, as the credential test sends it', async () => {
		const signed = await attempt('https://api.001k.world', {
			method: 'GET',
			baseURL: 'https://api.001k.world',
			url: '/api/v1/balance',
		});
		expect((signed.headers as IDataObject)['X-Signature']).toBe(VECTORS[0].signature);
		await expect(
			attempt('https://api.001k.world', {
				method: 'GET',
				baseURL: 'https://bin.example',
				url: '/api/v1/balance',
			}),
		).rejects.toThrow(refusal('https://api.001k.world', 'https://bin.example'));
	});

	it('under a Base URL with a path prefix (a proxy), signs inside the prefix and refuses outside it', async () => {
		const baseUrl = 'http://proxy.example:8080/001k/';
		const inside = await attempt(baseUrl, {
			method: 'GET',
			url: 'http://proxy.example:8080/001k/api/v1/balance',
		});
		expect((inside.headers as IDataObject)['X-Signature']).toBe(hmac('/001k/api/v1/balance'));
		for (const [url, target] of [
			['http://proxy.example:8080/api/v1/balance', 'http://proxy.example:8080/api/v1/balance'],
			[
				'http://proxy.example:8080/001kx/api/v1/balance',
				'http://proxy.example:8080/001kx/api/v1/balance',
			],
			[
				'http://proxy.example:8080/001K/api/v1/balance',
				'http://proxy.example:8080/001K/api/v1/balance',
			],
			[
				'http://proxy.example:8080/001k/../api/v1/balance',
				'http://proxy.example:8080/api/v1/balance',
			],
			['http://proxy.example:8080/001k/%2e%2e/withdraw', 'http://proxy.example:8080/withdraw'],
			['http://proxy.example:8080/', 'http://proxy.example:8080/'],
		]) {
			await expect(attempt(baseUrl, { method: 'GET', url })).rejects.toThrow(
				refusal('http://proxy.example:8080/001k', target),
			);
		}
	});

	it.each([
		'not a url',
		'api.001k.world',
		'ftp://api.001k.world',
		'https://api.001k.world?key=1',
		'https://api.001k.world/#x',
	])('fails closed on the Base URL %j, policy on or off', async (baseUrl) => {
		for (const spendingPolicy of [false, true]) {
			await expect(
				attempt(
					baseUrl,
					{ method: 'GET', url: 'https://api.001k.world/api/v1/balance' },
					{ spendingPolicy },
				),
			).rejects.toThrow(
				/^The 001k credential signs nothing while its Base URL is not an http\(s\) URL/,
			);
		}
	});
});
