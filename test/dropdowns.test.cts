import { join } from 'path';
import { ExecutionLifecycleHooks, LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions, INode, INodePropertyOptions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import {
	additionalDataFor,
	credentialsHelperFor,
	nodeTypesFor,
	PACKAGE_NAME,
} from './harness/n8n.cjs';
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
	const hooks = new ExecutionLifecycleHooks('manual', 'load-options', {
		id: 'wf-1',
		nodes: [node],
		connections: {},
	} as never);
	const additionalData = await additionalDataFor(
		await credentialsHelperFor(credentials),
		hooks,
		'load-options',
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
