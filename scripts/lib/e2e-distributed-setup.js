'use strict';
// The queue-mode measurements' own world (scripts/lib/e2e-distributed.js): sandbox user carol with
// her key, balances and 450 swaps of history, her credential, and the three workflows they run
// (sweep each deposit, swap burst, Return All), imported and published before `n8n start`.
const fs = require('node:fs');
const path = require('node:path');

const stack = require('./stack');

const CRED = { id: 'k001CarolCred001', name: '001k sandbox (carol)' };
const USER = 'carol';
const COLD = 'bc1qcoldwallet0000000000000000000000treasury';
const TRIGGER_WEBHOOK_ID = '0001c0de-d157-4000-8000-000000000001';
const BURST_ITEMS = 200; // two bursts: 400 swap creates, above the doc's 300 per minute for POST /swap/open

const { node, workflow, items, reset } = require('./workflows').builder('d1d1d1d1');
const k001 = (name, parameters) =>
	node(name, 'n8n-nodes-001k.zeroZeroOneK', 1, parameters, {
		credentials: { zeroZeroOneKApi: CRED },
	});
const hook = (name, p) =>
	node(
		name,
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path: p, responseMode: 'onReceived', options: {} },
		{ webhookId: p },
	);

function workflows() {
	reset();
	const sweep = workflow('k001DistSweep001', 'e2e distributed: sweep each deposit', [
		node(
			'Deposit callback',
			'n8n-nodes-001k.zeroZeroOneKTrigger',
			1,
			{ operationTypes: ['deposit'], statuses: ['success'], verify: true, options: {} },
			{
				webhookId: TRIGGER_WEBHOOK_ID,
				credentials: { zeroZeroOneKApi: CRED },
			},
		),
		k001('Sweep', {
			resource: 'withdrawal',
			operation: 'create',
			currency: 'BTC',
			method: 'BTC',
			amount: '={{ $json.amount }}',
			address: COLD,
		}),
	]);
	const burst = workflow('k001DistBurst001', 'e2e distributed: swap burst', [
		hook('Burst request', 'k001-dist-burst'),
		...items(
			'Items',
			'One item each',
			'items',
			Array.from({ length: BURST_ITEMS }, (_, i) => ({ i })),
		),
		k001('Swap', {
			resource: 'swap',
			operation: 'create',
			direction: 'BTC-USDT',
			amountType: 'spend',
			amount: '0.001',
		}),
	]);
	const list = workflow('k001DistList0001', 'e2e distributed: all swaps (Return All)', [
		hook('List request', 'k001-dist-list'),
		k001('All swaps', { resource: 'swap', operation: 'getAll', returnAll: true, filters: {} }),
	]);
	return { sweep, burst, list };
}

/** Before `n8n start`: carol's key and balances, her credential, the three workflows (published). */
async function prepare({ env, workDir, sb }) {
	sb.admin.addUser({ id: USER, balances: { BTC: '10', USDT: '100000' } });
	sb.admin.addKey({ access_key: 'carol-access-key', secret_key: 'carol-secret-key', user: USER });
	sb.admin.seed({ type: 'swap', count: 450, user: USER, custom_id_prefix: 'hist-' }); // three pages of 200
	const credFile = path.join(workDir, 'credentials-distributed.json');
	fs.writeFileSync(
		credFile,
		JSON.stringify([
			{
				...CRED,
				type: 'zeroZeroOneKApi',
				data: { accessKey: 'carol-access-key', secretKey: 'carol-secret-key', baseUrl: sb.url },
			},
		]),
	);
	await stack.n8nCli(env, ['import:credentials', `--input=${credFile}`]);
	const dir = path.join(workDir, 'distributed');
	fs.mkdirSync(dir, { recursive: true });
	const wfs = workflows();
	for (const [name, wf] of Object.entries(wfs))
		fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(wf, null, 2));
	await stack.n8nCli(env, ['import:workflow', '--separate', `--input=${dir}`]);
	for (const wf of Object.values(wfs)) await stack.publishWorkflow(env, wf.id);
	return wfs;
}

const carolOps = (sb, type) =>
	(sb.admin.state().operations[type] || []).filter((o) => (o.userId ?? o.user) === USER);

module.exports = { CRED, USER, TRIGGER_WEBHOOK_ID, BURST_ITEMS, workflows, prepare, carolOps };
