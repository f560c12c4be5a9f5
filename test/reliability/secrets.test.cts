/**
 * Drives every kind of error (auth, permission, validation, 404, 5xx, resets, timeouts, unreadable
 * answers, rate limits, clock skew, policy refusals, dry runs, Continue On Fail, trigger
 * rejections) and scans everything n8n would store or show — the full execution data, error
 * messages and descriptions, logs and console output — for the secret key and every signature made.
 */
import { LoggerProxy } from 'n8n-workflow';

import { runNode, signaturesProduced } from '../harness/n8n.cjs';
import { startTrigger } from '../harness/webhook.cjs';
import { useSandbox } from '../helpers/sandbox.cjs';
import { record } from './report.cjs';

const api = useSandbox({ strict: true, stepMs: 20, rateLimits: false });

const SECRET = 'sk-001k-Qx7pV2mZ9-distinctive-secret';
const KEY = 'secrets-access-key';
const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';

const texts: string[] = [];
const logger = (level: string) => (message: string, meta?: object) =>
	texts.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);

beforeAll(() => {
	LoggerProxy.init({
		error: logger('error'),
		warn: logger('warn'),
		info: logger('info'),
		debug: logger('debug'),
	} as never);
	for (const stream of [process.stdout, process.stderr]) {
		const write = stream.write.bind(stream);
		jest.spyOn(stream, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
			texts.push(String(chunk));
			return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
		});
	}
});

afterAll(() => {
	jest.restoreAllMocks();
});

beforeEach(async () => {
	await api.admin('POST', '/__admin/keys', { access_key: KEY, secret_key: SECRET });
	await api.admin('POST', '/__admin/keys', {
		access_key: 'secrets-readonly',
		secret_key: SECRET,
		permissions: ['allow_balance'],
	});
});

const credentials = (overrides: Record<string, unknown> = {}) =>
	({ accessKey: KEY, secretKey: SECRET, baseUrl: api.url, ...overrides }) as Record<string, string>;

async function run(
	resource: string,
	operation: string,
	parameters: Record<string, unknown> = {},
	creds = credentials(),
	continueOnFail = false,
) {
	const result = await runNode({
		node: 'zeroZeroOneK',
		parameters: { resource, operation, requestTimeout: 0.5, ...parameters } as never,
		credentials: creds,
		continueOnFail,
	});
	// What n8n stores for the execution and shows in the editor.
	texts.push(JSON.stringify(result.run));
	texts.push(JSON.stringify(result.items));
	if (result.error)
		texts.push(
			result.error.message,
			String(result.error.description),
			String(result.error.stack),
			JSON.stringify(result.error, Object.getOwnPropertyNames(result.error)),
		);
	return result;
}

const fault = (method: string, path: string, mode: string, count = 10) =>
	api.admin('POST', '/__admin/faults', { method, path, mode, count });
const withdrawal = { currency: 'BTC', method: 'BTC', amount: '0.01', address: BTC_ADDRESS };

type Result = Awaited<ReturnType<typeof run>>;

/** What a run ended in, as one line: its error, the error item Continue On Fail made, or `ok` and its items. */
function outcome(result: Result): string {
	if (result.error) return `error: ${result.error.message}`;
	const failed = result.items.find((item) => item.json.error !== undefined);
	if (failed) return `item error: ${String(failed.json.error)}`;
	return `ok: ${result.items.length} item(s)${result.items.some((item) => item.json.dryRun !== undefined) ? ' dry run' : ''}`;
}

/** Each scenario, and the error path it must reach: a scan that never reached it would prove nothing. */
const SCENARIOS: Array<[string, () => Promise<string>, RegExp]> = [
	[
		'success outputs',
		async () => {
			const results = [
				await run('account', 'getBalances'),
				await run('withdrawal', 'create', withdrawal),
				await run('withdrawal', 'getAll', { returnAll: true }),
			];
			return results.map(outcome).join(' | ');
		},
		/^ok: [1-9]\d* item\(s\) \| ok: 1 item\(s\) \| ok: [1-9]\d* item\(s\)$/,
	],
	[
		'signature.invalid',
		async () =>
			outcome(
				await run('account', 'getBalances', {}, credentials({ accessKey: 'demo-access-key' })),
			),
		/^error: .*\[signature\.invalid\]$/,
	],
	[
		'access_key.invalid',
		async () =>
			outcome(await run('account', 'getBalances', {}, credentials({ accessKey: 'nobody' }))),
		/^error: .*\[access_key\.invalid\]$/,
	],
	[
		'permission.denied',
		async () =>
			outcome(
				await run(
					'withdrawal',
					'getAll',
					{ returnAll: true },
					credentials({ accessKey: 'secrets-readonly' }),
				),
			),
		/^error: This API key may not call GET \/api\/v1\/withdraw/,
	],
	[
		'validation before sending',
		async () => outcome(await run('withdrawal', 'create', { ...withdrawal, amount: '1e-8' })),
		/^error: .*Amount/,
	],
	[
		'validation by the API',
		async () =>
			outcome(
				await run('internalTransfer', 'create', {
					currencyCode: 'BTC',
					amount: '0.001',
					recipient: 'nobody@nowhere',
				}),
			),
		/^error: /,
	],
	[
		'not found',
		async () => outcome(await run('withdrawal', 'get', { code: 'NOPE' })),
		/^error: .*not.found/i,
	],
	[
		'5xx on GET',
		async () => {
			await fault('GET', '/api/v1/balance', '5xx');
			return outcome(await run('account', 'getBalances'));
		},
		/^error: 001k answered with a server error \(5\d\d\)/,
	],
	[
		'reset on POST, no custom_id',
		async () => {
			await fault('POST', '/api/v1/withdraw', 'reset');
			return outcome(await run('withdrawal', 'create', { ...withdrawal, customIdMode: 'none' }));
		},
		/^error: Outcome unknown: POST \/api\/v1\/withdraw .*connection reset/,
	],
	[
		'timeout on POST with custom_id',
		async () => {
			await fault('POST', '/api/v1/withdraw', 'timeout');
			return outcome(await run('withdrawal', 'create', withdrawal));
		},
		/^error: Outcome unknown: POST \/api\/v1\/withdraw .*timed out/,
	],
	[
		'drop after commit',
		async () => {
			await fault('POST', '/api/v1/withdraw', 'drop_after_commit', 1);
			return outcome(await run('withdrawal', 'create', withdrawal));
		},
		/^ok: 1 item\(s\)$/,
	],
	[
		'unreadable answers',
		async () => {
			// Only an existing operation gets a 2xx answer for the fault to spoil.
			const created = await api.call('POST', '/withdraw', {
				currency: 'BTC',
				amount: '0.01000000',
				address: BTC_ADDRESS,
			});
			await fault('GET', '/api/v1/withdraw/{code}', 'malformed_json');
			return outcome(await run('withdrawal', 'get', { code: String(created.code) }));
		},
		/^error: Could not reach the 001k API \(unreadable response\)/,
	],
	[
		'429 storm',
		async () => {
			await fault('POST', '/api/v1/internal-transfer', '429');
			return outcome(
				await run('internalTransfer', 'create', {
					currencyCode: 'BTC',
					amount: '0.001',
					recipient: 'user123',
					customIdMode: 'none',
				}),
			);
		},
		/^error: 001k's rate limit refused the request/,
	],
	[
		'clock skew',
		async () => {
			await api.admin('POST', '/__admin/clock', { offsetMs: 30_000 });
			const result = await run('account', 'getBalances');
			await api.admin('POST', '/__admin/clock', { offsetMs: 0 });
			return outcome(result);
		},
		/^ok: [1-9]\d* item\(s\)$/,
	],
	[
		'unreachable server',
		async () =>
			outcome(
				await run('account', 'getBalances', {}, credentials({ baseUrl: 'http://127.0.0.1:9' })),
			),
		/^error: Could not reach the 001k API \(connection refused\)/,
	],
	[
		'policy refusal',
		async () =>
			outcome(
				await run(
					'withdrawal',
					'create',
					withdrawal,
					credentials({ spendingPolicy: true, readOnly: true } as never),
				),
			),
		/^error: The 001k Spending Policy refused POST \/api\/v1\/withdraw: read-only mode/,
	],
	[
		'dry run',
		async () => outcome(await run('withdrawal', 'create', { ...withdrawal, dryRun: true })),
		/^ok: 1 item\(s\) dry run$/,
	],
	[
		'continue on fail',
		async () =>
			outcome(
				await run('withdrawal', 'create', { ...withdrawal, amount: 'abc' }, credentials(), true),
			),
		/^item error: .*Amount/,
	],
	[
		'trigger rejections and emissions',
		async () => {
			const trigger = await startTrigger({
				parameters: { operationTypes: ['withdrawal'], verify: true },
				credentials: credentials(),
				workflowId: 'wf-secrets',
			});
			const created = await api.call('POST', '/withdraw', {
				currency: 'BTC',
				amount: '0.01000000',
				address: BTC_ADDRESS,
			});
			const statuses: number[] = [];
			for (const body of [created, { code: 'FORGED', status: 'success' }, 'not json']) {
				const response = await fetch(trigger.url('withdrawal'), {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: typeof body === 'string' ? body : JSON.stringify(body),
				});
				statuses.push(response.status);
				texts.push(await response.text());
			}
			const broken = await startTrigger({
				parameters: { operationTypes: ['withdrawal'], verify: true },
				credentials: credentials({ accessKey: 'demo-access-key' }),
				workflowId: 'wf-secrets-2',
			});
			const response = await fetch(broken.url('withdrawal'), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(created),
			});
			statuses.push(response.status);
			texts.push(
				await response.text(),
				JSON.stringify(trigger.emitted),
				JSON.stringify(trigger.staticData()),
			);
			const emitted = trigger.emitted.length;
			await trigger.stop();
			await broken.stop();
			// Genuine: acknowledged (emitted unless the sandbox moved its status on already); forged 404, not JSON 400, unverifiable 503.
			return `statuses ${statuses.join(' ')}, emitted ${emitted}`;
		},
		/^statuses 200 404 400 503, emitted [01]$/,
	],
];

describe('secrets never leak', () => {
	it.each(SCENARIOS)('%s reaches its path and is scanned', async (_name, scenario, path) => {
		expect(await scenario()).toMatch(path);
	});

	it('finds neither the secret key nor any signature made in anything stored, shown or logged', () => {
		const signatures = [...signaturesProduced];
		expect(signatures.length).toBeGreaterThan(20);
		const haystack = texts.join('\n');
		const secretHits = haystack.split(SECRET).length - 1;
		const signatureHits = signatures.filter((signature) => haystack.includes(signature));
		record('secrets', 'all', {
			scenarios: SCENARIOS.length,
			textsScanned: texts.length,
			bytesScanned: haystack.length,
			signaturesTracked: signatures.length,
			secretOccurrences: secretHits,
			signatureOccurrences: signatureHits.length,
		});
		expect(secretHits).toBe(0);
		expect(signatureHits).toEqual([]);
	});
});
