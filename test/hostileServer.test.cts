/**
 * Signed requests against servers that are not 001k, over real sockets: a base URL that answers
 * with redirects to another port (which counts what reaches it), and one that echoes the request
 * headers in its error message.
 */
import type { IDataObject } from 'n8n-workflow';

import { ApiProbe } from './fixtures/ApiProbe.cjs';
import { HttpRequestShaped } from './fixtures/HttpRequestShaped.cjs';
import { runNode } from './harness/n8n.cjs';
import { listen, type Listening } from './helpers/listen.cjs';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY } from './helpers/sandbox.cjs';

let catcher: Listening;
let redirector: Listening;
let status = 307;

beforeAll(async () => {
	catcher = await listen((_req, _body, res) =>
		res
			.writeHead(200, { 'Content-Type': 'application/json' })
			.end('{"code":"FOREIGN-1","status":"pending"}'),
	);
	redirector = await listen((req, _body, res) =>
		res.writeHead(status, { Location: `${catcher.url}${req.url}` }).end(),
	);
});

afterAll(async () => {
	await Promise.all([catcher, redirector].map((server) => server.close()));
});

beforeEach(() => {
	catcher.received.length = 0;
	redirector.received.length = 0;
});

const credentials = () => ({
	accessKey: DEMO_ACCESS_KEY,
	secretKey: DEMO_SECRET_KEY,
	baseUrl: redirector.url,
});

describe.each([307, 308, 302])('a base URL answering %i to another port', (code) => {
	beforeEach(() => {
		status = code;
	});

	it('through the 001k node: an error naming where it pointed, and no request reaches the other port', async () => {
		const { error } = await runNode({
			node: 'zeroZeroOneK',
			parameters: { resource: 'account', operation: 'getBalances' } as never,
			credentials: credentials(),
		});
		expect(error?.message).toContain(`redirect (${code}) to ${catcher.url}/api/v1/balance`);
		expect(error?.message).toContain('not re-sent');
		expect(catcher.received).toHaveLength(0);
	});

	it('through the transport, a signed POST with a custom_id: sent once, not followed, not retried', async () => {
		const { error } = await runNode({
			node: { name: 'apiProbe', type: new ApiProbe() },
			parameters: {},
			credentials: credentials(),
			input: [
				{
					json: {
						route: 'POST /withdraw',
						body: {
							currency: 'BTC',
							amount: '0.01',
							address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
							custom_id: `redirect-${code}`,
						},
					} as never,
				},
			],
		});
		expect(error?.message).toContain(`redirect (${code}) to ${catcher.url}/api/v1/withdraw`);
		expect(error?.message).not.toMatch(/Outcome unknown/);
		expect(redirector.received).toHaveLength(1);
		expect(catcher.received).toHaveLength(0);
	});

	it('through the HTTP Request node shape (which follows redirects by default): GET and POST reach only the base URL', async () => {
		const { items } = await runNode({
			node: { name: 'httpRequestShaped', type: new HttpRequestShaped() },
			parameters: {},
			credentials: credentials(),
			input: [
				{ json: { uri: `${redirector.url}/api/v1/balance` } },
				{
					json: {
						method: 'POST',
						uri: `${redirector.url}/api/v1/withdraw`,
						json: true,
						body: { currency: 'BTC', amount: '0.01', address: 'bc1q' },
					} as IDataObject,
				},
			],
		});
		expect(items.map((item) => item.json.error)).toEqual([
			expect.stringMatching(new RegExp(`^${code}`)),
			expect.stringMatching(new RegExp(`^${code}`)),
		]);
		expect(redirector.received).toHaveLength(2);
		expect(catcher.received).toHaveLength(0);
	});
});

describe('a server that echoes the request headers in its error message', () => {
	it('never lets the signature, timestamp, access key or secret into the node error', async () => {
		const echo = await listen((req, _body, res) => {
			const h = req.headers;
			const message = `bad request: X-Signature: ${String(h['x-signature'])}, "x-timestamp":"${String(h['x-timestamp'])}", key ${String(h['x-access-key'])} sig ${String(h['x-signature'])} ts ${String(h['x-timestamp'])} secret ${DEMO_SECRET_KEY}`;
			res.writeHead(400, { 'Content-Type': 'application/json' }).end(
				JSON.stringify({
					error: {
						code: 'validation.invalid',
						message,
						field: `x-signature=${String(h['x-signature'])}`,
					},
				}),
			);
		});
		try {
			const { error } = await runNode({
				node: { name: 'apiProbe', type: new ApiProbe() },
				parameters: {},
				credentials: { accessKey: DEMO_ACCESS_KEY, secretKey: DEMO_SECRET_KEY, baseUrl: echo.url },
				input: [{ json: { route: 'GET /balance' } }],
			});
			const sent = echo.received[0].headers;
			const text = JSON.stringify({
				message: error?.message,
				description: error?.description,
				error,
			});
			expect(error?.message).toMatch(/^bad request: X-Signature: \[redacted\]/);
			for (const value of [
				sent['x-signature'],
				sent['x-timestamp'],
				sent['x-access-key'],
				DEMO_SECRET_KEY,
			]) {
				expect(typeof value).toBe('string');
				expect(text).not.toContain(value as string);
			}
		} finally {
			await echo.close();
		}
	});
});
