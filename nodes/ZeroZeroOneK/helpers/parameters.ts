import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { apiRequest } from '../../shared/transport';
import type { Route } from '../../shared/endpoints';
import { apiRequestAll } from '../../shared/transport/pagination';
import { checkAmount } from '../../shared/decimal';
import {
	normalizeStatus,
	OPERATION_TYPES,
	typeOfListRoute,
	type GetRoute,
	type ListRoute,
	type OperationTypeName,
} from '../../shared/operationTypes';

/** Reads an amount parameter as an exact decimal string, checked against the allowed precision. */
export function readAmount(
	this: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
	precision?: number,
): string {
	const { amount, error } = checkAmount(this.getNodeParameter(parameter, itemIndex, ''), { field: label, precision });
	if (error) throw new NodeOperationError(this.getNode(), error, { itemIndex });
	return amount!;
}

/** A dateTime filter as 001k's ISO 8601 UTC form. */
export function isoDate(this: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string {
	const text = String(value ?? '').trim();
	const date = new Date(text);
	if (!text || Number.isNaN(date.getTime())) {
		throw new NodeOperationError(this.getNode(), `${label} "${text}" is not a valid date and time (ISO 8601, e.g. 2025-01-31T23:59:59Z)`, { itemIndex });
	}
	return date.toISOString().replace(/\.000Z$/, 'Z');
}

/** A duration option in seconds, checked so a typo cannot mean "no timeout" or "wait for ever". */
export function readSeconds(
	this: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
	fallback: number,
	max = 86_400,
): number {
	const value = this.getNodeParameter(parameter, itemIndex, fallback) as unknown;
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
		throw new NodeOperationError(this.getNode(), `${label} must be a number of seconds above 0 and at most ${max}, not ${JSON.stringify(value)}`, { itemIndex });
	}
	return value;
}

/** Return All / Limit: undefined means all. */
export function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw new NodeOperationError(this.getNode(), `Limit must be a whole number of at least 1, not ${limit}`, { itemIndex });
	}
	return limit;
}

/** Get Many: Return All / Limit plus the operation's filters (empty ones dropped, dates normalized). */
export async function getMany(this: IExecuteFunctions, itemIndex: number, route: ListRoute): Promise<IDataObject[]> {
	const limit = readLimit.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	for (const [key, value] of Object.entries(filters)) {
		if (value === '' || value === undefined || value === null) continue;
		qs[key] = key === 'start_at' || key === 'end_at' ? isoDate.call(this, value, key, itemIndex) : value;
	}
	const { timeField } = OPERATION_TYPES[typeOfListRoute(route)];
	return await apiRequestAll.call(this, { route, qs, timeField, max: limit });
}

/** Get: one operation by code. */
export async function getOne(this: IExecuteFunctions, itemIndex: number, route: GetRoute): Promise<IDataObject> {
	const code = String(this.getNodeParameter('code', itemIndex, '')).trim();
	return (await apiRequest.call(this, { route, code })) as IDataObject;
}

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
	const intervalMs = readSeconds.call(this, itemIndex, 'pollInterval', 'Poll Interval', 5, 3600) * 1000;
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
				{ itemIndex, description: `It goes on at 001k. Check it later with "${label} → Get" and code ${String(current.code)}.` },
			);
		}
		await sleep(intervalMs);
		current = (await apiRequest.call(this, { route: getRoute, code: String(current.code) })) as IDataObject;
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
	const value = String(this.getNodeParameter(byCustomId ? 'customId' : 'code', itemIndex, '')).trim();
	if (!value) {
		throw new NodeOperationError(this.getNode(), `${byCustomId ? 'Custom ID' : `${OPERATION_TYPES[type].label} Code`} is empty`, { itemIndex });
	}
	const body = byCustomId ? { custom_id: value } : { code: value };
	const answer = (await apiRequest.call(this, { route, body })) as IDataObject;
	return await waitIfAsked.call(this, itemIndex, type, answer);
}

/** Puts optional fields into a request body under their API names, leaving out empty ones. */
export function compact(fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === null || value === '') continue;
		body[key] = typeof value === 'string' ? value.trim() : value;
	}
	return body;
}
