import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequestAll } from '../../shared/transport/pagination';
import { OPERATION_TYPES, type OperationTypeName } from '../../shared/operationTypes';
import { intentOf } from './intent';

/** 001k's clock may be 5 s off ours, and `created_at` has whole seconds. */
const CLOCK_MARGIN_MS = 7_000;
/** More operations than this since the earlier attempt began: too many to search, so the item is refused. */
const MAX_SEARCHED = 2_000;

/**
 * Custom_ids this execution has sent, so an earlier try of the same node in the same execution
 * (Retry On Fail) is not reported as replayed. Held in memory: after a crash the retry is another
 * execution, for which "replayed" is true.
 */
const sent = new Map<string, Set<string>>();
const MAX_EXECUTIONS = 1_000;

function executionKey(context: IExecuteFunctions): string {
	try {
		return String(context.getExecutionId() ?? '');
	} catch {
		return '';
	}
}

export function sentByThisExecution(this: IExecuteFunctions, customId: string): void {
	const key = executionKey(this);
	if (!key) return;
	let ids = sent.get(key);
	if (!ids) {
		if (sent.size >= MAX_EXECUTIONS) sent.delete(sent.keys().next().value!);
		ids = new Set();
		sent.set(key, ids);
	}
	ids.add(customId);
}

export function wasSentByThisExecution(this: IExecuteFunctions, customId: string): boolean {
	return sent.get(executionKey(this))?.has(customId) ?? false;
}

/** One search per node run and type: the items of one run share the earlier attempt's window. */
const searches = new WeakMap<IExecuteFunctions, Map<string, Promise<IDataObject[]>>>();

function search(
	context: IExecuteFunctions,
	type: OperationTypeName,
	since: number,
): Promise<IDataObject[]> {
	let byType = searches.get(context);
	if (!byType) searches.set(context, (byType = new Map()));
	const key = `${type}|${since}`;
	let found = byType.get(key);
	if (!found) {
		const { listRoute, timeField } = OPERATION_TYPES[type];
		const startAt = new Date(since - CLOCK_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
		found = apiRequestAll.call(context, {
			route: listRoute,
			qs: { start_at: startAt },
			timeField,
			max: MAX_SEARCHED + 1,
		});
		byType.set(key, found);
	}
	return found;
}

/**
 * For a retry whose earlier attempt n8n did not save (helpers/runOrigin.ts): the operation that
 * attempt made for this payout, found in 001k by the custom_id's payout part since the attempt
 * began; undefined when there is none. Refuses the item when that cannot be told.
 */
export async function reconcile(
	this: IExecuteFunctions,
	itemIndex: number,
	type: OperationTypeName,
	body: IDataObject,
): Promise<IDataObject | undefined> {
	const intent = intentOf(body);
	if (!intent?.unproven) return undefined;
	const { label } = OPERATION_TYPES[type];
	const refuse = (why: string, since?: number) =>
		new NodeOperationError(this.getNode(), `Not sent: ${why}`, {
			itemIndex,
			description: `This is a Retry of an execution that stopped before n8n saved which ${label.toLowerCase()}s it made. Look for this one with "${label} → Get Many"${since ? ` (created since ${new Date(since).toISOString()})` : ''}. If it was not made, start the workflow anew instead of retrying, or set Custom ID to a value of your own to make it on purpose.`,
		});
	const { since } = intent.unproven;
	if (since === null)
		throw refuse('n8n kept no record of when the earlier attempt ran, so it cannot be checked.');
	const listed = await search(this, type, since);
	if (listed.length > MAX_SEARCHED)
		throw refuse(
			`more than ${MAX_SEARCHED} operations were made since the earlier attempt began.`,
			since,
		);
	const matches = listed.filter((op) => String(op.custom_id ?? '').startsWith(intent.payoutPrefix));
	if (matches.length > 1)
		throw refuse(
			`${matches.length} ${label.toLowerCase()}s since the earlier attempt began match this one (${matches.map((op) => String(op.code)).join(', ')}).`,
			since,
		);
	return matches[0];
}
