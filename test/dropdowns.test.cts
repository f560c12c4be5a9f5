import { join } from 'path';
import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions, INode, INodePropertyOptions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import {
	contextDataFor,
	credentialsHelperFor,
	nodeTypesFor,
	PACKAGE_NAME,
} from './harness/n8n.cjs';
import { listen } from './helpers/listen.cjs';
import { useSandbox } from './helpers/sandbox.cjs';

const root = join(__dirname, '..');
const loadOptions = require(join(root, 'dist/nodes/ZeroZeroOneK/methods/loadOptions.js')) as Record<
	string,
	(this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>
>;

/** A dropdown loaded the way n8n's editor loads it: a LoadOptionsContext on the node, over the sandbox. */
async function dropdown(
	credentials: Record<string, string>,
	parameters: Record<string, unknown>,
	method: string,
) {
	const node: INode = {
		id: 'node-1',
		name: '001k',
		type: `${PACKAGE_NAME}.zeroZeroOneK`,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as never,
		credentials: { zeroZeroOneKApi: { id: 'cred-1', name: '001k account' } },
	};
	const workflow = new Workflow({
		id: 'wf-1',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: await nodeTypesFor(),
	});
	const additionalData = await contextDataFor(
		await credentialsHelperFor(credentials),
		'manual',
		'load-options',
		{ id: 'wf-1', nodes: [node] },
	);
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.currency');
	return (await loadOptions[method].call(context)).map((o) => o.value);
}

describe('currency dropdowns list what can be used', () => {
	const api = useSandbox({ autoAdvance: false });

	it('Withdrawal → Create offers only currencies with a withdrawal method (not AML check credits)', async () => {
		const all = await dropdown(api.credentials(), {}, 'getCurrencies');
		const withdrawable = await dropdown(
			api.credentials(),
			{ resource: 'withdrawal', operation: 'create' },
			'getWithdrawalCurrencies',
		);
		expect(all).toContain('AMLCHECK');
		expect(withdrawable).not.toContain('AMLCHECK');
		expect(withdrawable).toEqual(expect.arrayContaining(['BTC', 'USDT']));
	});

	it('Deposit → Generate Address offers only currencies with a deposit method', async () => {
		const depositable = await dropdown(
			api.credentials(),
			{ resource: 'deposit', operation: 'generateAddress' },
			'getDepositCurrencies',
		);
		expect(depositable).not.toContain('AMLCHECK');
		expect(depositable).toContain('BTC');
	});
});

describe('a dropdown that cannot load says the cause and the fix in one sentence', () => {
	const api = useSandbox({ autoAdvance: false });
	const methods = (credentials: Record<string, string>) =>
		dropdown(credentials, { resource: 'withdrawal', currency: 'BTC' }, 'getWithdrawalMethods');
	/** What n8n's editor shows: the message of anything but a NodeApiError, whose fields it shows as "[object Object]". */
	const failure = async (credentials: Record<string, string>) => {
		const error = (await methods(credentials).then(
			() => undefined,
			(e: Error) => e,
		)) as Error & { description?: string };
		expect(error?.constructor.name).toBe('NodeOperationError');
		return error.message;
	};

	it('a wrong Secret Key: the signature, and which key to copy again (never the secret)', async () => {
		const message = await failure(api.credentials({ secretKey: 'not-the-demo-secret' }));
		expect(message).toBe(
			'001k rejected the request signature [signature.invalid]: check that the Secret Key in the 001k credential is the one issued with this Access Key (copy it again, without spaces).',
		);
		expect(message).not.toContain('not-the-demo-secret');
	});

	it('a wrong Access Key: 001k does not know it', async () => {
		expect(await failure(api.credentials({ accessKey: 'no-such-key' }))).toBe(
			'001k does not know this access key [access_key.invalid]: check the Access Key in the 001k credential, and that the Base URL points at the right 001k environment.',
		);
	});

	it('an unreachable Base URL: which URL to check', async () => {
		const closed = await listen(() => {});
		await closed.close();
		expect(await failure(api.credentials({ baseUrl: closed.url }))).toBe(
			'Could not reach the 001k API (connection refused): check the Base URL in the 001k credential and that this n8n server can reach it.',
		);
	});

	it("a clock far off: the dropdown re-signs with 001k's time and loads", async () => {
		await api.admin('POST', '/__admin/clock', { offsetMs: 120_000 });
		try {
			expect(await methods(api.credentials())).toContain('BTC');
			const stamps = (await api.requests()).filter((r) => r.path === '/api/v1/withdrawal-methods');
			expect(stamps.map((r) => r.status)).toEqual([401, 200]);
		} finally {
			await api.admin('POST', '/__admin/clock', { offsetMs: 0 });
		}
	});
});
