import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';

import { OPERATION_TYPES, normalizeStatus, type OperationTypeName } from '../shared/operationTypes';
import { apiRequest } from '../shared/transport';
import { editorError, editorMessage, NotSentError } from '../shared/transport/errors';
import {
	CALLBACK_PATHS,
	operationTypeOptions,
	statusOptions,
	typeFromPath,
} from '../shared/callbackTypes';
import { rememberOnce, wasSeen } from '../shared/dedupe';
import { allowListProblem, isAllowed, parseAllowList } from './ipAllowList';
import { verifyCallback } from './batchVerify';

/** Callbacks carry one operation object; anything far larger is not a 001k callback. */
const MAX_BODY_BYTES = 64 * 1024;
const CODE_PATTERN = /^[\w.:-]{1,128}$/;

function reject(
	this: IWebhookFunctions,
	status: number,
	message: string,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const res = this.getResponseObject();
	res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
	res.end(JSON.stringify({ error: message }));
	return { noWebhookResponse: true };
}

const ignore = (reason: string): IWebhookResponseData => ({
	webhookResponse: { received: true, ignored: reason },
});

/**
 * With Verify With API on, every callback is looked up with the credential: one read per selected
 * type at activation finds wrong keys, a clock far off or a missing permission now, as one
 * sentence, instead of every callback failing later. Outside the editor's "listen for test event",
 * only what the user must fix stops the activation (the keys, the permissions, the Base URL); an
 * outage or a rate limit is logged, so a restart while 001k is down still listens.
 */
async function checkVerification(this: IHookFunctions): Promise<void> {
	if (!(this.getNodeParameter('verify', true) as boolean)) return;
	// n8n calls create() once per webhook (six paths) in one activation: check once.
	const key = `${this.getWorkflow().id}:${this.getNode().name}:${this.getMode()}`;
	const recent = activationChecks.get(key);
	if (recent && Date.now() - recent.at < 10_000) return await recent.check;
	for (const [old, { at }] of activationChecks)
		if (Date.now() - at >= 10_000) activationChecks.delete(old);
	const check = readEachSelectedType.call(this);
	activationChecks.set(key, { at: Date.now(), check });
	await check;
}

const activationChecks = new Map<string, { at: number; check: Promise<void> }>();

async function readEachSelectedType(this: IHookFunctions): Promise<void> {
	const types = this.getNodeParameter('operationTypes', []) as OperationTypeName[];
	for (const type of types) {
		const facts = OPERATION_TYPES[type];
		if (!facts) continue;
		try {
			await apiRequest.call(this, { route: facts.listRoute, qs: { limit: 1 }, noWait: true });
		} catch (error) {
			const status = error instanceof NodeApiError ? Number(error.httpCode) : 0;
			const mustFix = error instanceof NotSentError || status === 401 || status === 403;
			// At n8n's start-up nobody reads the error, and a trigger that fails to register answers
			// 001k 404 until n8n retries; registered, it answers 503 and 001k calls back once keys are fixed.
			const startup = ['init', 'leadershipChange'].includes(this.getActivationMode?.() ?? '');
			if ((mustFix && !startup) || this.getMode() === 'manual')
				throw editorError(this.getNode(), error);
			this.logger.warn(`001k Trigger "${this.getNode().name}": ${editorMessage(error)}`);
			return;
		}
	}
}

export class ZeroZeroOneKTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '001k Trigger',
		name: 'zeroZeroOneKTrigger',
		icon: { light: 'file:../../icons/001k.svg', dark: 'file:../../icons/001k.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["operationTypes"].join(", ") }}',
		// n8n's nodes panel merges "001k" and "001k Trigger" into one entry and shows this text for
		// both (editor: generateMergedNodesAndActions), so it names the actions too.
		description:
			'Automate a crypto treasury on 001k (balances, deposits, withdrawals, swaps, transfers, limit orders, AML checks) and start workflows when their status changes',
		defaults: { name: '001k Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zeroZeroOneKApi', required: true }],
		// One URL per operation type, so a callback's type is known from where it arrives, never guessed.
		// The editor lists only the selected types' URLs; every path still listens (others are ignored).
		webhooks: Object.entries(CALLBACK_PATHS).map(([type, path]) => ({
			name: 'default' as const,
			httpMethod: 'POST',
			responseMode: 'onReceived',
			path,
			ndvHideUrl: `={{ !$parameter["operationTypes"].includes("${type}") }}`,
		})),
		properties: [
			{
				displayName:
					'001k calls an operation\'s callback_url when its status changes. Click "Webhook URLs" above to show one URL per selected operation type (ending in …/deposit, …/withdrawal, …/swap, …/internal-transfer, …/limit-order or …/aml-check), and copy the one for your type into the Callback URL field of the 001k node (or callback_url in your own requests). Callbacks are not signed: keep Verify With API on.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Operation Types',
				name: 'operationTypes',
				type: 'multiOptions',
				options: operationTypeOptions(),
				default: ['deposit'],
				required: true,
				description:
					'Which operations start the workflow; callbacks for other types are acknowledged and ignored',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: statusOptions(),
				default: [],
				description:
					'Only these statuses start the workflow. Empty = every status. 001k may skip intermediate statuses but always reports final ones.',
			},
			{
				displayName: 'Verify With API',
				name: 'verify',
				type: 'boolean',
				default: true,
				description:
					'Whether to fetch each operation from the 001k API by its code and start the workflow only if it exists and its status matches. Callbacks are unsigned: without this, anyone who knows the URL can start the workflow.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Allowed IPs',
						name: 'ipAllowList',
						type: 'string',
						default: '',
						placeholder: 'e.g. 203.0.113.0/24, 2001:db8::/32',
						description:
							"Only accept callbacks from these IP addresses or CIDR ranges (IPv4 and IPv6, comma-separated; empty = all). If any entry is not a valid address or range, every callback is refused (403) until it is fixed. Ask 001k support for their servers' IPs. The client IP is the one n8n determines, honouring its proxy settings.",
					},
				],
			},
		],
	};

	// 001k has no endpoint to register webhooks: a callback URL travels with each operation
	// (callback_url). "Not registered" makes n8n call create() at every activation, which checks
	// what would make every callback fail later, and registers nothing at 001k.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const options = this.getNodeParameter('options', {}) as { ipAllowList?: string };
				const { invalid } = parseAllowList(options.ipAllowList ?? '');
				if (invalid.length)
					this.logger.warn(`001k Trigger "${this.getNode().name}": ${allowListProblem(invalid)}`);
				await checkVerification.call(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const options = this.getNodeParameter('options', {}) as { ipAllowList?: string };
		const { ranges, invalid } = parseAllowList(options.ipAllowList ?? '');
		// Fail closed: dropping a bad entry could leave an empty list, which would let every IP in.
		if (invalid.length) {
			const why = allowListProblem(invalid);
			this.logger.warn(`001k Trigger "${this.getNode().name}": ${why}`);
			return reject.call(this, 403, why);
		}
		if (!isAllowed(ranges, req.ip ?? req.socket?.remoteAddress))
			return reject.call(this, 403, 'IP address not allowed');

		const type = typeFromPath(req.path ?? req.url ?? '');
		if (!type) return reject.call(this, 404, 'Unknown callback path');

		const raw = req.rawBody as Buffer | undefined;
		const body = this.getBodyData() as unknown;
		const size = raw?.length ?? Buffer.byteLength(JSON.stringify(body ?? null));
		if (size > MAX_BODY_BYTES) return reject.call(this, 413, 'Callback body too large');
		if (!body || typeof body !== 'object' || Array.isArray(body))
			return reject.call(this, 400, 'Expected a JSON object');
		const callback = body as IDataObject;
		const code = typeof callback.code === 'string' ? callback.code.trim() : '';
		if (!CODE_PATTERN.test(code)) return reject.call(this, 400, 'Missing or invalid "code"');

		const selected = this.getNodeParameter('operationTypes', []) as string[];
		if (!selected.includes(type)) return ignore(`${type} callbacks are not selected`);

		const claimed = normalizeStatus(type, callback.status);
		const finalKey = (status: string) =>
			OPERATION_TYPES[type].finalStatuses.includes(status) ? `${type}:${code}` : undefined;
		// A repeat of what already started the workflow needs no API call: it is ignored either way.
		if (wasSeen.call(this, `${type}:${code}:${claimed}`, finalKey(claimed)))
			return ignore('already processed');
		let operation: IDataObject = callback;
		if (this.getNodeParameter('verify', true) as boolean) {
			const verdict = await verifyCallback.call(this, type, callback, code);
			if (verdict.kind === 'notFound')
				return reject.call(
					this,
					404,
					`No ${OPERATION_TYPES[type].label.toLowerCase()} with this code`,
				);
			// The key's budget for callbacks is spent: answer now, never hold 001k's request open; it calls back.
			if (verdict.kind === 'retry')
				return reject.call(this, 503, 'The 001k API budget for callbacks is spent; retry later', {
					'Retry-After': String(Math.ceil(verdict.afterMs / 1000)),
				});
			if (verdict.kind === 'failed')
				return reject.call(
					this,
					503,
					'Could not verify the callback with the 001k API; retry later',
				);
			if (verdict.kind === 'mismatch') return ignore('status does not match the 001k API');
			operation = verdict.operation;
		}

		const status = normalizeStatus(type, operation.status);
		const statuses = this.getNodeParameter('statuses', []) as string[];
		if (statuses.length && !statuses.includes(status))
			return ignore(`status ${status} is not selected`);
		if (!rememberOnce.call(this, `${type}:${code}:${status}`, finalKey(status)))
			return ignore('already processed');

		const verified = operation !== callback;
		return {
			webhookResponse: { received: true },
			workflowData: [
				[{ json: { ...operation, operationType: type as OperationTypeName, verified, callback } }],
			],
		};
	}
}
