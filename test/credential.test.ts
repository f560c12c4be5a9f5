import type { ICredentialType, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { authenticate, credentialType } from './harness/n8n';

// Expected signatures computed outside our code, with python3's hmac exactly as the doc's Python
// client does: hmac.new(secret, access_key + path + timestamp + body, sha256).hexdigest().
const ACCESS_KEY = 'demo-access-key';
const SECRET_KEY = 'demo-secret-key';
const TIMESTAMP = '1676541877000';
const VECTORS = [
	{
		name: 'GET with an empty body',
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

async function sign(request: IDataObject) {
	return await authenticate(credentials, {
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

	describe.each(VECTORS)('signs $name', ({ request, body, signature }) => {
		it('with the independently computed signature and the exact body it will send', async () => {
			const signed = await sign(request);
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
		const signed = await sign({
			method: 'GET',
			uri: 'http://127.0.0.1:4001/api/v1/balance',
			qs: { currency: 'BTC' },
		});
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
