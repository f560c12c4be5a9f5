'use strict';
// The workflows of scripts/e2e-runs.js, each named by what it proves, built with stable node ids.

const CRED = { id: 'k001RunsCred0001', name: '001k sandbox (runs)' };
const USER = 'user123';
const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const SUB_ID = 'k001RunsSub00001';
const { node, workflow, items } = require('./workflows').builder('e1e1e1e1');

const withdraw = (extra = {}) =>
	node(
		'Withdraw',
		'n8n-nodes-001k.zeroZeroOneK',
		1,
		{
			resource: 'withdrawal',
			operation: 'create',
			currency: 'BTC',
			method: 'BTC',
			amount: '={{ $json.amount }}',
			address: BTC_ADDRESS,
		},
		{ credentials: { zeroZeroOneKApi: CRED }, ...extra },
	);
const hook = (name, p) =>
	node(
		name,
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path: p, responseMode: 'onReceived', options: {} },
		{ webhookId: p },
	);
const splitBody = () =>
	node('Each payout', 'n8n-nodes-base.splitOut', 1, {
		fieldToSplitOut: 'body.payouts',
		options: {},
	});
const callSub = () =>
	node('Pay in sub-workflow', 'n8n-nodes-base.executeWorkflow', 1, {
		source: 'database',
		workflowId: SUB_ID,
		mode: 'each',
		options: { waitForSubWorkflow: true },
	});

/** Every workflow of this leg, by what it proves. */
function workflows() {
	const sub = workflow(SUB_ID, 'runs: pay one payout (sub-workflow)', [
		node('When called', 'n8n-nodes-base.executeWorkflowTrigger', 1, {}),
		withdraw(),
	]);
	const parentEvent = workflow('k001RunsParent01', 'runs: payouts from the event → sub', [
		hook('Payout batch', 'runs-parent'),
		splitBody(),
		callSub(),
	]);
	const parentFixed = workflow('k001RunsParent02', 'runs: fixed payouts (no event) → sub', [
		hook('Pay now', 'runs-parent-fixed'),
		...items('Payouts', 'One item per payout', 'payouts', [{ amount: '0.00310000' }]),
		callSub(),
	]);
	const crash = (id, p, { fromBody = false, wait = false } = {}) =>
		workflow(id, `runs: crash ${p}`, [
			hook('Start', p),
			...(wait
				? [
						// n8n 2.x signs resume URLs: the run writes its own where the check can read it.
						node('Note resume URL', 'n8n-nodes-base.set', 3.4, {
							mode: 'manual',
							includeOtherFields: false,
							assignments: {
								assignments: [
									{
										id: 'r1',
										name: 'resumeUrl',
										type: 'string',
										value: '={{ $execution.resumeUrl }}',
									},
								],
							},
						}),
						node(
							'Approval',
							'n8n-nodes-base.wait',
							1.1,
							{ resume: 'webhook', options: {} },
							{ webhookId: `${p}-approval` },
						),
					]
				: []),
			...(fromBody
				? [splitBody()]
				: items('Payouts', 'One item per payout', 'payouts', crashPayouts[p])),
			withdraw(),
		]);
	const retryOnFail = workflow('k001RunsRetryOF1', 'runs: Retry On Fail', [
		hook('Start', 'runs-rof'),
		...items('Payouts', 'One item per payout', 'payouts', [
			{ amount: '0.00410000' },
			{ amount: '0.00420000' },
			{ amount: '0.00430000' },
		]),
		withdraw({ retryOnFail: true, maxTries: 3, waitBetweenTries: 5000 }),
	]);
	return {
		sub,
		parentEvent,
		parentFixed,
		crashDataless: crash('k001RunsCrash001', 'runs-crash-1'),
		crashEvent: crash('k001RunsCrash002', 'runs-crash-2', { fromBody: true }),
		crashWait: crash('k001RunsCrash003', 'runs-crash-3', { wait: true }),
		crashProgress: crash('k001RunsCrash004', 'runs-crash-4'),
		crashQueue: crash('k001RunsCrashQ01', 'runs-crash-q'),
		retryOnFail,
	};
}
const crashPayouts = {
	'runs-crash-1': [{ amount: '0.00510000' }, { amount: '0.00520000' }],
	'runs-crash-3': [{ amount: '0.00710000' }, { amount: '0.00720000' }],
	'runs-crash-4': [{ amount: '0.00810000' }, { amount: '0.00820000' }],
	'runs-crash-q': [{ amount: '0.00910000' }, { amount: '0.00920000' }],
};
const wfs = workflows();

module.exports = { CRED, USER, wfs, crashPayouts };
