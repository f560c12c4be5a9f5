import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The Automatic custom_id names what the user means to pay, not the execution that sends it
 * (README "Exactly once"). It hashes:
 * - this n8n instance, workflow and node;
 * - the origin: the trigger item the input item descends from when it carries an event (a 001k
 *   callback's operation and status, a webhook body, a schedule tick), so every execution of one
 *   event agrees; otherwise
 *   the run, as n8n keeps it across Retry (the execution context's start), so Retry agrees but a
 *   new manual run does not;
 * - the node's run in this execution (each Loop Over Items pass) and the item's index;
 * - the request body itself, so two different payouts never share a key.
 */
export function intentCustomId(
	this: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): string {
	// The callback URL says where to report, not what to pay.
	const payload = Object.fromEntries(
		Object.entries(body).filter(([key]) => key !== 'custom_id' && key !== 'callback_url'),
	);
	const material = {
		v: 1,
		instance: safe(() => this.getInstanceId()) ?? '',
		workflow: String(this.getWorkflow().id ?? ''),
		node: this.getNode().id,
		origin: origin.call(this, itemIndex),
		run: Number(safe(() => this.getWorkflowDataProxy(itemIndex).$runIndex) ?? 0),
		item: itemIndex,
		body: payload,
	};
	return `n8n-${createHash('sha256').update(stableJson(material)).digest('hex').slice(0, 32)}`;
}

/** The body with its custom_id per the node's Custom ID setting (Automatic, Set Manually, None). */
export function withCustomId(
	this: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): IDataObject {
	const mode = this.getNodeParameter('customIdMode', itemIndex, 'auto') as string;
	if (mode === 'none') return body;
	if (mode === 'manual') {
		const value = String(this.getNodeParameter('customId', itemIndex, '')).trim();
		if (!value)
			throw new NodeOperationError(this.getNode(), 'Custom ID Value is empty', { itemIndex });
		return { ...body, custom_id: value };
	}
	return { ...body, custom_id: intentCustomId.call(this, itemIndex, body) };
}

/** Execution custom data key (letters, digits, underscores) holding the first execution's id. */
const RUN_KEY = 'zeroZeroOneK_run';

function origin(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const context = safe(() => this.getExecutionContext?.()) as IDataObject | undefined;
	const trigger = triggerName.call(this, context);
	// Started at this node (n8n-core's own harnesses do): its input items are the event.
	const triggerItem =
		trigger === this.getNode().name
			? this.getInputData()[itemIndex]?.json
			: trigger && safe(() => this.getWorkflowDataProxy(itemIndex).$(trigger).item?.json);
	const event = eventOf(triggerItem);
	if (event !== undefined) return { event };
	// n8n's Retry keeps the failed execution's context and custom data: the first execution's id,
	// kept in custom data, names the run across retries; the context's start time backs it up.
	const started = typeof context?.establishedAt === 'number' ? context.establishedAt : undefined;
	const execution = safe(() => this.getExecutionId()) ?? '';
	const custom = safe(() => this.customData);
	let kept = execution ? safe(() => custom?.get(RUN_KEY)) : undefined;
	if (!kept && execution) {
		safe(() => custom?.set(RUN_KEY, execution));
		kept = safe(() => custom?.get(RUN_KEY));
	}
	if (kept) return { run: started ?? '', execution: kept };
	// No custom data (a full set of keys, a tool call): the start time alone, or this execution.
	return started !== undefined ? { run: started } : { execution };
}

function triggerName(
	this: IExecuteFunctions,
	context: IDataObject | undefined,
): string | undefined {
	const named = (context?.triggerNode as IDataObject | undefined)?.name;
	if (typeof named === 'string' && named) return named;
	// Older n8n: the start node is the ancestor that has no parents of its own.
	const ancestors = safe(() => this.getParentNodes(this.getNode().name)) ?? [];
	return ancestors.find((node) => !safe(() => this.getParentNodes(node.name))?.length)?.name;
}

/**
 * What identifies the trigger event, or undefined when the trigger item carries none (a Manual
 * Trigger's `{}`). For n8n's Webhook node, the request without its headers, which proxies and
 * retries change.
 */
function eventOf(json: unknown): string | undefined {
	if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
	const item = json as IDataObject;
	// A 001k trigger's item: the event is the operation's type, code and status, which the API
	// vouches for. The rest is the unsigned callback body or details that move on after a final
	// status (confirmations, timestamps), and must not turn one deposit into two payouts.
	if (
		typeof item.operationType === 'string' &&
		typeof item.code === 'string' &&
		typeof item.status === 'string'
	) {
		return stableJson({ operationType: item.operationType, code: item.code, status: item.status });
	}
	const webhook = 'headers' in item && 'body' in item;
	const event = webhook ? { params: item.params, query: item.query, body: item.body } : item;
	const text = stableJson(event);
	return text === '{}' || text === '{"body":{},"params":{},"query":{}}' ? undefined : text;
}

/** JSON with sorted keys, so the same data always hashes the same. */
export function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as IDataObject).filter(([, v]) => v !== undefined);
		entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

function safe<T>(read: () => T): T | undefined {
	try {
		return read();
	} catch {
		return undefined;
	}
}
