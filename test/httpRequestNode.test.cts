/**
 * The credential as n8n's HTTP Request node v4.2 uses it ("Predefined Credential Type"): the
 * legacy request shape, through real n8n-core's requestWithAuthentication, over real sockets to
 * the sandbox, which checks every signature. With a spending policy on, it is bound like the node.
 * Pointed anywhere but its Base URL, it signs nothing: a recording server on another port proves it.
 */
import { createHmac } from 'crypto';
import type { IncomingHttpHeaders } from 'http';
import type { IDataObject } from 'n8n-workflow';

import { HttpRequestShaped } from './fixtures/HttpRequestShaped.cjs';
import { runNode } from './harness/n8n.cjs';
import { listen, type Listening } from './helpers/listen.cjs';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, useSandbox } from './helpers/sandbox.cjs';

const api = useSandbox({ stepMs: 30 });

const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const IBAN = 'DE89370400440532013000';

interface Outcome {
	statusCode?: number | string;
	body?: any;
	error?: string;
}

/** One HTTP-Request-node-shaped call per request; `path` is appended to the sandbox URL. */
async function httpNode(
	requests: IDataObject[],
	credentials: IDataObject = api.credentials(),
): Promise<Outcome[]> {
	const { items } = await runNode({
		node: { name: 'httpRequestShaped', type: new HttpRequestShaped() },
		parameters: {},
		credentials: credentials as never,
		input: requests.map(({ path, ...rest }) => ({
			json: { uri: `${api.url}${String(path)}`, ...rest } as never,
		})),
	});
	return items.map((item) => item.json as Outcome);
}

/** The status 001k answers a create with: the doc shows none (reading createStatus). */
const created = () => Number(api.readings.createStatus);

/** The credential's refusal of a request outside its Base URL, up to its fix hint. */
const refusal = (base: string, target: string) =>
	`The 001k credential signs only requests to its Base URL (${base}); this request goes to ${target}:`;

function policy(fields: IDataObject) {
	return { ...api.credentials(), spendingPolicy: true, ...fields };
}

describe('HTTP Request node with the 001k credential (legacy request shape)', () => {
	it('GET /api/v1/balance with uri, in both response formats', async () => {
		const [auto, json] = await httpNode([
			{ path: '/api/v1/balance' },
			{ path: '/api/v1/balance', json: true },
		]);
		expect(auto.statusCode).toBe(200);
		expect(Array.isArray(auto.body)).toBe(true);
		expect(json).toEqual({ statusCode: 200, body: auto.body });
	});

	it('signs the path without the query, for a query in the URL and in qs', async () => {
		const [inUrl, inQs] = await httpNode([
			{ path: '/api/v1/withdraw?limit=2&status=success' },
			{ path: '/api/v1/withdraw', qs: { limit: 2, currency: 'BTC' } },
		]);
		expect([inUrl.statusCode, inQs.statusCode]).toEqual([200, 200]);
		const log = await api.requests();
		expect(log.map((r) => r.raw_query)).toEqual(['limit=2&status=success', 'limit=2&currency=BTC']);
	});

	it('POSTs a JSON body given as an object or as text, signed byte for byte as sent', async () => {
		const body = {
			currency_code: 'BTC',
			amount: '0.01000000',
			recipient: 'user123',
			note: 'für 💸',
			custom_id: 'http-node-1',
		};
		const [asObject, asText] = await httpNode([
			{ method: 'POST', path: '/api/v1/internal-transfer', body, json: true },
			{
				method: 'POST',
				path: '/api/v1/internal-transfer',
				body: `  ${JSON.stringify({ ...body, custom_id: 'http-node-2' })}\n`,
				headers: { 'content-type': 'application/json' },
			},
		]);
		expect([asObject.statusCode, asText.statusCode]).toEqual([created(), created()]);
		const posts = await api.posts();
		expect(posts.map((r) => r.body)).toEqual([
			JSON.stringify(body),
			JSON.stringify({ ...body, custom_id: 'http-node-2' }),
		]);
		expect(posts.every((r) => r.status === created() && r.signature_present)).toBe(true);
	});

	it.each([
		['form', { form: { currency: 'BTC' } }, /not form data/],
		['formData', { formData: { currency: 'BTC' } }, /not form data/],
		['a non-JSON text body', { body: 'currency=BTC' }, /JSON request bodies only/],
		[
			'a non-JSON content type',
			{ body: '{"currency":"BTC"}', headers: { 'content-type': 'text/plain' } },
			/not "text\/plain"/,
		],
	])('refuses %s with a clear error and sends nothing', async (_name, extra, message) => {
		const [outcome] = await httpNode([
			{ method: 'POST', path: '/api/v1/deposit/generate_address', ...extra },
		]);
		expect(outcome.error).toMatch(message);
		expect(await api.requests()).toHaveLength(0);
	});

	it('with a policy on: a compliant withdrawal is sent, an over-limit one is refused before sending', async () => {
		const limits = policy({ maxAmounts: 'BTC=0.5', allowedAddresses: BTC_ADDRESS });
		const withdrawal = (amount: string) => ({
			method: 'POST',
			path: '/api/v1/withdraw',
			json: true,
			body: { currency: 'BTC', amount, address: BTC_ADDRESS },
		});
		const [ok, over] = await httpNode([withdrawal('0.5'), withdrawal('0.50000001')], limits);
		expect(ok.statusCode).toBe(created());
		expect(over.error).toMatch(
			/Spending Policy refused POST \/api\/v1\/withdraw: 0\.50000001 BTC is above the maximum of 0\.5 BTC/,
		);
		expect((await api.posts()).map((r) => JSON.parse(r.body).amount)).toEqual(['0.5']);
	});
});

describe('spending policy holes, through the HTTP Request node shape (nothing reaches 001k)', () => {
	async function refused(requests: IDataObject[], credentials: IDataObject, message: RegExp) {
		const outcomes = await httpNode(requests, credentials);
		for (const outcome of outcomes)
			expect(outcome.error ?? `sent: ${String(outcome.statusCode)}`).toMatch(message);
		expect(await api.requests()).toHaveLength(0);
	}
	const post = (path: string, body: IDataObject, extra: IDataObject = {}) => ({
		method: 'POST',
		path,
		body,
		json: true,
		...extra,
	});

	it('a SEPA withdrawal with the allowed IBAN in address but another in beneficiary.iban', async () => {
		const lists = policy({ allowedAddresses: IBAN });
		const sepa = (iban: string) =>
			post('/api/v1/withdraw', {
				currency: 'EUR',
				method: 'SEPA',
				amount: '100.00',
				address: IBAN,
				beneficiary: { first_name: 'John', last_name: 'Doe', iban },
			});
		await refused(
			[sepa('GB29NWBK60161331926819')],
			lists,
			/beneficiary IBAN "GB29NWBK60161331926819" is not listed in 001k credential → Spending Policy → Allowed Withdrawal Addresses/,
		);
		const [ok] = await httpNode([sepa(IBAN)], lists);
		expect(ok.statusCode).toBe(created());
	});

	it('receive_mode "exact" (the fee comes on top) while the currency has a maximum, at or below it', async () => {
		const limits = policy({ maxAmounts: 'BTC=0.5' });
		const exact = (amount: string, receive_mode: string | boolean) =>
			post('/api/v1/withdraw', { currency: 'BTC', amount, address: BTC_ADDRESS, receive_mode });
		await refused(
			[exact('0.5', 'exact'), exact('0.1', true)],
			limits,
			/receive_mode "exact".*rule: no fee on top under a maximum/,
		);
		await refused(
			[exact('0.1', 'EXACT')],
			limits,
			/receive_mode "EXACT" is not "exact".*rule: documented fields only/,
		);
	});

	it('recipient user IDs compare exactly (emails in any case)', async () => {
		const lists = policy({ allowedRecipients: 'user123\nBob@001k.test' });
		const transfer = (recipient: string) =>
			post('/api/v1/internal-transfer', { currency_code: 'BTC', amount: '0.01', recipient });
		await refused(
			[transfer('USER123'), transfer('user1234')],
			lists,
			/recipient "USER1234?" is not listed|recipient "user1234" is not listed/,
		);
		const [email] = await httpNode([transfer('bob@001K.TEST')], lists);
		expect(email.statusCode).toBe(created());
	});

	it('a POST to a path the policy does not know exactly: percent-encoded, case-variant, unknown, trailing slash', async () => {
		const body = { currency: 'BTC', amount: '0.01', address: BTC_ADDRESS };
		await refused(
			[
				'/api/v1/with%64raw',
				'/API/V1/WITHDRAW',
				'/api/v1/Withdraw',
				'/api/v1/withdraw/',
				'/api/v1//withdraw',
				'/api/v1/withdraw-v2',
				'/api/v2/withdraw',
			].map((path) => post(path, body)),
			policy({ maxAmounts: 'BTC=1' }),
			/is not, spelled exactly, a POST endpoint of the 001k API v1 \(Spending Policy rule: known endpoints only\)/,
		);
	});

	it('currency codes spelled with a zero-width or full-width character', async () => {
		const limits = policy({ maxAmounts: 'BTC=0.5' });
		const withdrawal = (currency: string) =>
			post('/api/v1/withdraw', { currency, amount: '2', address: BTC_ADDRESS });
		await refused(
			[
				withdrawal('B\u200bTC'),
				withdrawal('\uff22\uff34\uff23'),
				withdrawal('BTC '),
				withdrawal(''),
			],
			limits,
			/is not a plain currency code.*rule: canonical currency codes/,
		);
		const swap = post('/api/v1/swap/open', { direction: 'B\u200bTC-USDT', spend_amount: '2' });
		await refused([swap], limits, /rule: canonical currency codes/);
	});

	it('an undocumented or case-variant key in the body, at the top or in beneficiary', async () => {
		const limits = policy({ maxAmounts: 'BTC=0.5' });
		await refused(
			[
				post('/api/v1/withdraw', {
					currency: 'BTC',
					amount: '0.1',
					AMOUNT: '9',
					address: BTC_ADDRESS,
				}),
				post('/api/v1/withdraw', { Currency: 'BTC', amount: '0.1', address: BTC_ADDRESS }),
				post('/api/v1/withdraw', {
					currency: 'EUR',
					amount: '10',
					address: IBAN,
					beneficiary: { IBAN: 'GB29NWBK60161331926819' },
				}),
				post('/api/v1/deposit/generate_address', { currency: 'BTC', amount: '1' }),
			],
			limits,
			/is not a documented (beneficiary )?field.*rule: documented fields only/,
		);
	});

	it('a query string on a POST, in the URL or in qs', async () => {
		const body = { currency: 'BTC', amount: '0.1', address: BTC_ADDRESS };
		await refused(
			[
				post('/api/v1/withdraw?amount=9', body),
				post('/api/v1/withdraw', body, { qs: { amount: '9' } }),
			],
			policy({ maxAmounts: 'BTC=0.5' }),
			/rule: no query string on a POST/,
		);
	});

	it('a POST to another origin than the Base URL (the credential refuses it before the policy)', async () => {
		const [outcome] = await httpNode(
			[
				{
					method: 'POST',
					uri: 'http://127.0.0.2:9/api/v1/withdraw',
					body: {},
					json: true,
				} as never,
			],
			policy({}),
		);
		expect(outcome.error).toContain(refusal(api.url, 'http://127.0.0.2:9'));
	});
});

describe("a URL outside the credential's Base URL (a typo, a request bin, someone's proxy): refused before signing", () => {
	interface Arrival {
		url?: string;
		headers: IncomingHttpHeaders;
		body: string;
	}
	const arrivals: Arrival[] = [];
	let foreign: Listening;
	beforeAll(async () => {
		foreign = await listen((req, body, res) => {
			arrivals.push({ url: req.url, headers: req.headers, body });
			res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
		});
	});
	afterAll(() => foreign.close());
	beforeEach(() => {
		arrivals.length = 0;
	});

	// The node awaits each answer, and the server records a request before answering: once the run ends, all arrived.
	const signed = () =>
		arrivals.filter(({ headers }) => 'x-access-key' in headers || 'x-signature' in headers);
	const withdrawal = { currency: 'BTC', amount: '0.1', address: BTC_ADDRESS };
	const getAndPost = (url: string) => [
		{ uri: `${url}/api/v1/balance` },
		{ method: 'POST', uri: `${url}/api/v1/withdraw`, json: true, body: withdrawal },
	];

	it.each([
		['off', () => api.credentials()],
		['on', () => policy({ maxAmounts: 'BTC=0.5', allowedAddresses: BTC_ADDRESS })],
	])(
		'GET and POST to a server on another port, spending policy %s: both fail naming the Base URL; that server sees no key or signature',
		async (_policy, credentials) => {
			const outcomes = await httpNode(
				[...getAndPost(foreign.url), { uri: `${api.url}/api/v1/balance` }],
				credentials(),
			);
			expect(outcomes.map((o) => o.error ?? o.statusCode)).toEqual([
				expect.stringContaining(refusal(api.url, foreign.url)),
				expect.stringContaining(refusal(api.url, foreign.url)),
				200,
			]);
			expect(signed()).toEqual([]);
			expect(arrivals).toEqual([]);
			expect((await api.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
				'GET /api/v1/balance',
			]);
		},
	);

	it('localhost for a Base URL of 127.0.0.1 and the reverse (the same server, another origin): refused, nothing sent', async () => {
		const localhost = api.url.replace('//127.0.0.1:', '//localhost:');
		expect(localhost).not.toBe(api.url);
		const typo = await httpNode(getAndPost(localhost));
		expect(typo.map((o) => o.error)).toEqual([
			expect.stringContaining(refusal(api.url, localhost)),
			expect.stringContaining(refusal(api.url, localhost)),
		]);
		const reverse = await httpNode(
			getAndPost(api.url),
			policy({ baseUrl: localhost, maxAmounts: 'BTC=0.5' }),
		);
		expect(reverse.map((o) => o.error)).toEqual([
			expect.stringContaining(refusal(localhost, api.url)),
			expect.stringContaining(refusal(localhost, api.url)),
		]);
		expect(await api.requests()).toHaveLength(0);
	});

	it.each([
		['off', {}],
		['on', { spendingPolicy: true, maxAmounts: 'BTC=0.5', allowedAddresses: BTC_ADDRESS }],
	])(
		'a Base URL with a path prefix (a proxy), spending policy %s: inside it, signed over the full path; outside it, refused and not sent',
		async (_policy, fields) => {
			const baseUrl = `${foreign.url}/001k`;
			const outcomes = await httpNode(
				[
					...getAndPost(baseUrl),
					...getAndPost(foreign.url),
					{ uri: `${foreign.url}/001kx/api/v1/balance` },
					{ method: 'POST', uri: `${baseUrl}/../api/v1/withdraw`, json: true, body: withdrawal },
				],
				{ ...api.credentials(), baseUrl, ...fields },
			);
			expect(outcomes.map((o) => o.error ?? o.statusCode)).toEqual([
				200,
				200,
				expect.stringContaining(refusal(baseUrl, `${foreign.url}/api/v1/balance`)),
				expect.stringContaining(refusal(baseUrl, `${foreign.url}/api/v1/withdraw`)),
				expect.stringContaining(refusal(baseUrl, `${foreign.url}/001kx/api/v1/balance`)),
				expect.stringContaining(refusal(baseUrl, `${foreign.url}/api/v1/withdraw`)),
			]);
			expect(arrivals.map((a) => a.url)).toEqual(['/001k/api/v1/balance', '/001k/api/v1/withdraw']);
			for (const { url, headers, body } of arrivals) {
				const message = `${DEMO_ACCESS_KEY}${String(url)}${String(headers['x-timestamp'])}${body}`;
				expect(headers['x-signature']).toBe(
					createHmac('sha256', DEMO_SECRET_KEY).update(message).digest('hex'),
				);
			}
			expect(JSON.parse(arrivals[1].body)).toEqual(withdrawal);
		},
	);
});
