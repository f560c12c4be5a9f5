import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OPERATION_TYPES, normalizeStatus, type OperationTypeName } from '../shared/operationTypes';
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

export class ZeroZeroOneKTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '001k Trigger',
		name: 'zeroZeroOneKTrigger',
		icon: { light: 'file:../../icons/001k.svg', dark: 'file:../../icons/001k.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["operationTypes"].join(", ") }}',
		description:
			'Starts the workflow when 001k reports a status change of a deposit, withdrawal, swap, transfer, order or AML check',
		defaults: { name: '001k Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zeroZeroOneKApi', required: true }],
		// One URL per operation type, so a callback's type is known from where it arrives, never guessed.
		webhooks: Object.values(CALLBACK_PATHS).map((path) => ({
			name: 'default' as const,
			httpMethod: 'POST',
			responseMode: 'onReceived',
			path,
		})),
		properties: [
			{
				displayName:
					'001k calls the URL given as callback_url when an operation changes status. Copy the URL above that ends in the operation type (…/deposit, …/withdrawal, …/swap, …/internal-transfer, …/limit-order, …/aml-check) into the Callback URL field of the 001k node (or callback_url in your own requests). Callbacks are not signed: keep Verify With API on.',
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

	// 001k has no endpoint to register webhooks: a callback URL travels with each operation (callback_url).
	// So there is nothing to create or delete at 001k, and the webhook always "exists".
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const options = this.getNodeParameter('options', {}) as { ipAllowList?: string };
				const { invalid } = parseAllowList(options.ipAllowList ?? '');
				if (invalid.length)
					this.logger.warn(`001k Trigger "${this.getNode().name}": ${allowListProblem(invalid)}`);
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
