import { HookContext } from 'n8n-core';
import type { IHookFunctions, INode, INodeType, IWebhookDescription } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import {
	contextDataFor,
	credentialsHelperFor,
	nodeTypesFor,
	PACKAGE_NAME,
} from './harness/n8n.cjs';
import { listen } from './helpers/listen.cjs';
import { useSandbox } from './helpers/sandbox.cjs';

const TYPE = `${PACKAGE_NAME}.zeroZeroOneKTrigger`;
let workflowCounter = 0;

/** The trigger's webhook lifecycle as n8n runs it at activation: checkExists, then create if it says "not there". */
async function activate(
	credentials: Record<string, string>,
	parameters: Record<string, unknown>,
	mode: 'manual' | 'trigger' = 'trigger',
	activation: 'activate' | 'init' = 'activate',
): Promise<{ error?: Error; warnings: string[] }> {
	const node: INode = {
		id: 'trigger-1',
		name: '001k Trigger',
		type: TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as never,
		credentials: { zeroZeroOneKApi: { id: 'cred-1', name: '001k account' } },
	};
	const nodeTypes = await nodeTypesFor();
	// Each activation its own workflow: the trigger checks once per activation, not per webhook.
	const id = `wf-activate-${++workflowCounter}`;
	const workflow = new Workflow({ id, nodes: [node], connections: {}, active: true, nodeTypes });
	const additionalData = await contextDataFor(await credentialsHelperFor(credentials), mode, id, {
		id,
		nodes: [node],
	});
	const context = new HookContext(workflow, node, additionalData, mode, activation);
	const warnings: string[] = [];
	Object.defineProperty(context, 'logger', {
		value: { warn: (m: string) => warnings.push(m), debug() {}, info() {}, error() {} },
	});
	const methods = (nodeTypes.getByNameAndVersion(TYPE, 1) as INodeType).webhookMethods!.default!;
	try {
		if (!(await methods.checkExists.call(context as unknown as IHookFunctions)))
			await methods.create.call(context as unknown as IHookFunctions);
	} catch (error) {
		return { error: error as Error, warnings };
	}
	return { warnings };
}

describe('001k Trigger activation', () => {
	const api = useSandbox({ autoAdvance: false });
	const deposits = { operationTypes: ['deposit'], verify: true };

	it('activates with the right keys, reading each selected type once', async () => {
		expect(
			await activate(api.credentials(), { ...deposits, operationTypes: ['deposit', 'swap'] }),
		).toEqual({
			warnings: [],
		});
		const reads = (await api.requests()).map((r) => `${r.method} ${r.path}`);
		expect(reads).toEqual(['GET /api/v1/deposit', 'GET /api/v1/swap']);
	});

	it('a wrong Secret Key stops the activation with the cause and the fix in one sentence', async () => {
		const { error } = await activate(
			api.credentials({ secretKey: 'not-the-demo-secret' }),
			deposits,
		);
		expect(error?.constructor.name).toBe('NodeOperationError');
		expect(error?.message).toBe(
			'001k rejected the request signature [signature.invalid]: check that the Secret Key in the 001k credential is the one issued with this Access Key (copy it again, without spaces).',
		);
	});

	it("at n8n's start-up a wrong Secret Key only warns, so the trigger registers and 001k's retries reach it once the keys are fixed", async () => {
		const startup = await activate(
			api.credentials({ secretKey: 'not-the-demo-secret' }),
			deposits,
			'trigger',
			'init',
		);
		expect(startup).toEqual({
			warnings: [
				'001k Trigger "001k Trigger": 001k rejected the request signature [signature.invalid]: check that the Secret Key in the 001k credential is the one issued with this Access Key (copy it again, without spaces).',
			],
		});
	});

	it('a wrong Access Key stops it too', async () => {
		const { error } = await activate(api.credentials({ accessKey: 'no-such-key' }), deposits);
		expect(error?.message).toMatch(
			/^001k does not know this access key \[access_key\.invalid\]: check the Access Key/,
		);
	});

	it('an unreachable Base URL: stops "listen for test event", only warns at a production activation', async () => {
		const closed = await listen(() => {});
		await closed.close();
		const sentence =
			'Could not reach the 001k API (connection refused): check the Base URL in the 001k credential and that this n8n server can reach it.';
		const manual = await activate(api.credentials({ baseUrl: closed.url }), deposits, 'manual');
		expect(manual.error?.message).toBe(sentence);
		const production = await activate(api.credentials({ baseUrl: closed.url }), deposits);
		expect(production).toEqual({ warnings: [`001k Trigger "001k Trigger": ${sentence}`] });
	});

	it('without Verify With API the keys are not used, so nothing is read', async () => {
		expect(
			await activate(api.credentials({ secretKey: 'wrong' }), { ...deposits, verify: false }),
		).toEqual({ warnings: [] });
		expect(await api.requests()).toEqual([]);
	});
});

describe('001k Trigger in the editor', () => {
	it("lists only the selected types' webhook URLs (ndvHideUrl), while every path listens", async () => {
		const type = (await nodeTypesFor()).getByNameAndVersion(TYPE, 1) as INodeType;
		const webhooks = type.description.webhooks as IWebhookDescription[];
		expect(webhooks.map((w) => [w.path, w.ndvHideUrl])).toEqual(
			[
				['deposit', 'deposit'],
				['withdrawal', 'withdrawal'],
				['swap', 'swap'],
				['internal-transfer', 'internalTransfer'],
				['limit-order', 'limitOrder'],
				['aml-check', 'amlCheck'],
			].map(([path, value]) => [path, `={{ !$parameter["operationTypes"].includes("${value}") }}`]),
		);
	});

	it('its notice says the Webhook URLs section must be opened (it opens collapsed)', async () => {
		const type = (await nodeTypesFor()).getByNameAndVersion(TYPE, 1) as INodeType;
		const notice = type.description.properties.find((p) => p.type === 'notice')!.displayName;
		expect(notice).toMatch(
			/Click "Webhook URLs" above to show one URL per selected operation type/,
		);
		expect(notice).not.toMatch(/Copy the URL above/);
	});
});
