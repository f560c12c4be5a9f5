/**
 * Drives every kind of error (auth, permission, validation, 404, 5xx, resets, timeouts, unreadable
 * answers, rate limits, clock skew, policy refusals, dry runs, Continue On Fail, trigger
 * rejections) and scans everything n8n would store or show — the full execution data, error
 * messages and descriptions, logs and console output — for the secret key and every signature made.
 */
import { LoggerProxy } from 'n8n-workflow';

import { runNode, signaturesProduced } from '../harness/n8n';
import { startTrigger } from '../harness/webhook';
import { useSandbox } from '../helpers/sandbox';
import { record } from './report';

const api = useSandbox({ strict: true, stepMs: 20, rateLimits: false });

const SECRET = 'sk-001k-Qx7pV2mZ9-distinctive-secret';
const KEY = 'secrets-access-key';
const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';

const texts: string[] = [];
const logger = (level: string) => (message: string, meta?: object) => texts.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);

beforeAll(() => {
	LoggerProxy.init({ error: logger('error'), warn: logger('warn'), info: logger('info'), debug: logger('debug') } as never);
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
	await api.admin('POST', '/__admin/keys', { access_key: 'secrets-readonly', secret_key: SECRET, permissions: ['allow_balance'] });
});

const credentials = (overrides: Record<string, unknown> = {}) =>
	({ accessKey: KEY, secretKey: SECRET, baseUrl: api.url, ...overrides }) as Record<string, string>;

async function run(resource: string, operation: string, parameters: Record<string, unknown> = {}, creds = credentials(), continueOnFail = false) {
	const result = await runNode({
		node: 'zeroZeroOneK',
		parameters: { resource, operation, requestTimeout: 0.5, ...parameters } as never,
		credentials: creds,
		continueOnFail,
	});
	// What n8n stores for the execution and shows in the editor.
	texts.push(JSON.stringify(result.run));
	texts.push(JSON.stringify(result.items));
	if (result.error) texts.push(result.error.message, String(result.error.description), String(result.error.stack), JSON.stringify(result.error, Object.getOwnPropertyNames(result.error)));
	return result;
}

const fault = (method: string, path: string, mode: string, count = 10) => api.admin('POST', '/__admin/faults', { method, path, mode, count });
const withdrawal = { currency: 'BTC', method: 'BTC', amount: '0.01', address: BTC_ADDRESS };

const SCENARIOS: Array<[string, () => Promise<unknown>]> = [
	['success outputs', async () => {
		await run('account', 'getBalances');
		await run('withdrawal', 'create', withdrawal);
		await run('withdrawal', 'getAll', { returnAll: true });
	}],
	['signature.invalid', () => run('account', 'getBalances', {}, credentials({ accessKey: 'demo-access-key' }))],
	['access_key.invalid', () => run('account', 'getBalances', {}, credentials({ accessKey: 'nobody' }))],
	['permission.denied', () => run('withdrawal', 'getAll', { returnAll: true }, credentials({ accessKey: 'secrets-readonly' }))],
	['validation before sending', () => run('withdrawal', 'create', { ...withdrawal, amount: '1e-8' })],
	['validation by the API', () => run('internalTransfer', 'create', { currencyCode: 'BTC', amount: '0.001', recipient: 'nobody@nowhere' })],
	['not found', () => run('withdrawal', 'get', { code: 'NOPE' })],
	['5xx on GET', async () => { await fault('GET', '/api/v1/balance', '5xx'); await run('account', 'getBalances'); }],
	['reset on POST, no custom_id', async () => { await fault('POST', '/api/v1/withdraw', 'reset'); await run('withdrawal', 'create', { ...withdrawal, customIdMode: 'none' }); }],
	['timeout on POST with custom_id', async () => { await fault('POST', '/api/v1/withdraw', 'timeout'); await run('withdrawal', 'create', withdrawal); }],
	['drop after commit', async () => { await fault('POST', '/api/v1/withdraw', 'drop_after_commit', 1); await run('withdrawal', 'create', withdrawal); }],
	['unreadable answers', async () => { await fault('GET', '/api/v1/withdraw/{code}', 'malformed_json'); await run('withdrawal', 'get', { code: 'WDR000001' }); }],
	['429 storm', async () => { await fault('POST', '/api/v1/internal-transfer', '429'); await run('internalTransfer', 'create', { currencyCode: 'BTC', amount: '0.001', recipient: 'user123', customIdMode: 'none' }); }],
	['clock skew', async () => { await api.admin('POST', '/__admin/clock', { offsetMs: 30_000 }); await run('account', 'getBalances'); await api.admin('POST', '/__admin/clock', { offsetMs: 0 }); }],
	['unreachable server', () => run('account', 'getBalances', {}, credentials({ baseUrl: 'http://127.0.0.1:9' }))],
	['policy refusal', () => run('withdrawal', 'create', withdrawal, credentials({ spendingPolicy: true, readOnly: true } as never))],
	['dry run', () => run('withdrawal', 'create', { ...withdrawal, dryRun: true })],
	['continue on fail', () => run('withdrawal', 'create', { ...withdrawal, amount: 'abc' }, credentials(), true)],
	['trigger rejections and emissions', async () => {
		const trigger = await startTrigger({ parameters: { operationTypes: ['withdrawal'], verify: true }, credentials: credentials(), workflowId: 'wf-secrets' });
		const created = await api.call('POST', '/withdraw', { currency: 'BTC', amount: '0.01000000', address: BTC_ADDRESS });
		for (const body of [created, { code: 'FORGED', status: 'success' }, 'not json']) {
			const response = await fetch(trigger.url('withdrawal'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
			texts.push(await response.text());
		}
		const broken = await startTrigger({ parameters: { operationTypes: ['withdrawal'], verify: true }, credentials: credentials({ accessKey: 'demo-access-key' }), workflowId: 'wf-secrets-2' });
		const response = await fetch(broken.url('withdrawal'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(created) });
		texts.push(await response.text(), JSON.stringify(trigger.emitted), JSON.stringify(trigger.staticData()));
		await trigger.stop();
		await broken.stop();
	}],
];

describe('secrets never leak', () => {
	it.each(SCENARIOS)('%s', async (_name, scenario) => {
		await scenario();
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
