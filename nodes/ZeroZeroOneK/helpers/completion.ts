import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { Route } from '../../shared/endpoints';
import {
	normalizeStatus,
	OPERATION_TYPES,
	type OperationTypeName,
} from '../../shared/operationTypes';
import { apiRequest } from '../../shared/transport';
import { readSeconds } from './parameters';

/** Polls the operation until a final status when "Wait for Completion" is on. */
export async function waitIfAsked(
	this: IExecuteFunctions,
	itemIndex: number,
	type: OperationTypeName,
	operation: IDataObject,
): Promise<IDataObject> {
	// Strictly true: n8n hides the timeout fields unless the switch is true, so anything else would wait with defaults.
	if (this.getNodeParameter('waitForCompletion', itemIndex, false) !== true) return operation;
	const timeoutMs = readSeconds.call(this, itemIndex, 'waitTimeout', 'Wait Timeout', 300) * 1000;
	const intervalMs =
		readSeconds.call(this, itemIndex, 'pollInterval', 'Poll Interval', 5, 3600) * 1000;
	return await pollUntilFinal.call(this, itemIndex, type, operation, timeoutMs, intervalMs);
}

/** Polls an operation by code until it reaches one of its final statuses, or fails at the timeout. */
export async function pollUntilFinal(
	this: IExecuteFunctions,
	itemIndex: number,
	type: OperationTypeName,
	operation: IDataObject,
	timeoutMs: number,
	pollMs: number,
): Promise<IDataObject> {
	const intervalMs = Math.max(50, pollMs);
	const { getRoute, finalStatuses, label } = OPERATION_TYPES[type];
	const deadline = Date.now() + timeoutMs;
	let current = operation;
	// normalizeStatus: a transfer that 001k calls `completed` (a reading of doc §3.6) is final too.
	while (!finalStatuses.includes(normalizeStatus(type, current.status))) {
		if (Date.now() + intervalMs > deadline) {
			throw new NodeOperationError(
				this.getNode(),
				`${label} ${String(current.code)} is still "${String(current.status)}" after ${timeoutMs / 1000} s`,
				{
					itemIndex,
					description: `It goes on at 001k. Check it later with "${label} → Get" and code ${String(current.code)}.`,
				},
			);
		}
		await sleep(intervalMs);
		current = (await apiRequest.call(this, {
			route: getRoute,
			code: String(current.code),
		})) as IDataObject;
	}
	return current;
}

/**
 * Cancel: by code or custom_id, then optionally waits, as 001k may answer before the cancel is final
 * (a swap gets `cancel_requested_at`, a limit order goes through `cancelling`).
 */
export async function cancelOne(
	this: IExecuteFunctions,
	itemIndex: number,
	type: OperationTypeName,
	route: Route,
): Promise<IDataObject> {
	const byCustomId = this.getNodeParameter('cancelBy', itemIndex, 'code') === 'customId';
	const value = String(
		this.getNodeParameter(byCustomId ? 'customId' : 'code', itemIndex, ''),
	).trim();
	if (!value) {
		throw new NodeOperationError(
			this.getNode(),
			`${byCustomId ? 'Custom ID' : `${OPERATION_TYPES[type].label} Code`} is empty`,
			{ itemIndex },
		);
	}
	const body = byCustomId ? { custom_id: value } : { code: value };
	const answer = (await apiRequest.call(this, { route, body })) as IDataObject;
	return await waitIfAsked.call(this, itemIndex, type, answer);
}
