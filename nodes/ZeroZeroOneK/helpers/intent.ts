import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { hash, runOrigin, type RunOrigin } from './runOrigin';

/** Marks an Automatic custom_id: `n8n-` + the payout part (20 hex) + the run part (12 hex). */
const PREFIX = 'n8n-';
const PAYOUT_HEX = 20;
const RUN_HEX = 12;

/** What a create's Automatic custom_id stands for, for the checks before sending (helpers/exactlyOnce.ts). */
export interface Intent {
	/** Every Automatic custom_id of this payout, whatever the run, starts with it. */
	payoutPrefix: string;
	unproven?: RunOrigin['unproven'];
}

const intents = new WeakMap<IDataObject, Intent>();

/** The intent behind a body's Automatic custom_id, if it has one. */
export function intentOf(body: IDataObject): Intent | undefined {
	return intents.get(body);
}

/**
 * The Automatic custom_id names what the user means to pay, not the execution that sends it
 * (README "Exactly once"). Its payout part hashes this n8n instance, workflow and node, the node's
 * run in this execution (each Loop Over Items pass), the item's index, a sub-execution's call and
 * the request body itself, so two different payouts never share a key; its run part hashes the
 * run's origin (helpers/runOrigin.ts), so a Retry or a repeated event agrees and a new run does not.
 */
async function intentCustomId(
	this: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): Promise<{ customId: string; intent: Intent }> {
	// The callback URL says where to report, not what to pay.
	const payload = Object.fromEntries(
		Object.entries(body).filter(([key]) => key !== 'custom_id' && key !== 'callback_url'),
	);
	const { origin, call, unproven } = await runOrigin.call(this, itemIndex);
	const payout = hash({
		v: 2,
		instance: safe(() => this.getInstanceId()) ?? '',
		workflow: String(this.getWorkflow().id ?? ''),
		node: this.getNode().id,
		call,
		run: Number(safe(() => this.getWorkflowDataProxy(itemIndex).$runIndex) ?? 0),
		item: itemIndex,
		body: payload,
	}).slice(0, PAYOUT_HEX);
	const run = hash(origin).slice(0, RUN_HEX);
	const payoutPrefix = `${PREFIX}${payout}`;
	return { customId: payoutPrefix + run, intent: { payoutPrefix, unproven } };
}

/** The body with its custom_id per the node's Custom ID setting (Automatic, Set Manually, None). */
export async function withCustomId(
	this: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): Promise<IDataObject> {
	const mode = this.getNodeParameter('customIdMode', itemIndex, 'auto') as string;
	if (mode === 'none') return body;
	if (mode === 'manual') {
		const value = String(this.getNodeParameter('customId', itemIndex, '')).trim();
		if (!value)
			throw new NodeOperationError(this.getNode(), 'Custom ID Value is empty', { itemIndex });
		return { ...body, custom_id: value };
	}
	const { customId, intent } = await intentCustomId.call(this, itemIndex, body);
	const withId = { ...body, custom_id: customId };
	intents.set(withId, intent);
	return withId;
}

function safe<T>(read: () => T): T | undefined {
	try {
		return read();
	} catch {
		return undefined;
	}
}
