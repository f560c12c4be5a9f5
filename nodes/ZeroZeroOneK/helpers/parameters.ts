import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkAmount } from '../../shared/decimal';

/** The item's error for a parameter refused before anything is sent: `throw fail('…')`. */
export function failFor(
	this: IExecuteFunctions,
	itemIndex: number,
): (message: string) => NodeOperationError {
	return (message: string) => new NodeOperationError(this.getNode(), message, { itemIndex });
}

/** Reads an amount parameter as an exact decimal string, checked against the allowed precision. */
export function readAmount(
	this: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
	precision?: number,
): string {
	const { amount, error } = checkAmount(this.getNodeParameter(parameter, itemIndex, ''), {
		field: label,
		precision,
	});
	if (error) throw new NodeOperationError(this.getNode(), error, { itemIndex });
	return amount!;
}

/** A dateTime filter as 001k's ISO 8601 UTC form. */
export function isoDate(
	this: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const text = String(value ?? '').trim();
	const date = new Date(text);
	if (!text || Number.isNaN(date.getTime())) {
		throw new NodeOperationError(
			this.getNode(),
			`${label} "${text}" is not a valid date and time (ISO 8601, e.g. 2025-01-31T23:59:59Z)`,
			{ itemIndex },
		);
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
		throw new NodeOperationError(
			this.getNode(),
			`${label} must be a number of seconds above 0 and at most ${max}, not ${JSON.stringify(value)}`,
			{ itemIndex },
		);
	}
	return value;
}

/** Return All / Limit: undefined means all. */
export function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw new NodeOperationError(
			this.getNode(),
			`Limit must be a whole number of at least 1, not ${limit}`,
			{ itemIndex },
		);
	}
	return limit;
}
