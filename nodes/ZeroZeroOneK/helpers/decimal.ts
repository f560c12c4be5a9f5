/**
 * Exact decimal strings for money: validation and comparison without ever going through a float.
 */
const DECIMAL = /^\d+(\.\d+)?$/;

export interface AmountCheck {
	field: string;
	precision?: number;
	allowZero?: boolean;
}

/** Returns the amount as 001k expects it, or an error message naming the field and the rule. */
export function checkAmount(value: unknown, { field, precision, allowZero }: AmountCheck): { amount?: string; error?: string } {
	if (typeof value === 'number') {
		return { error: `${field} must be text such as "0.015" (a number loses precision); put the amount in quotes or use .toString()` };
	}
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return { error: `${field} is required` };
	if (!DECIMAL.test(text)) {
		return { error: `${field} "${text}" is not a plain decimal amount such as 0.015 (no signs, exponents, commas or spaces)` };
	}
	// Trailing zeros carry no value: the doc itself sends "0.01000000" to a 6-decimal pair.
	const decimals = text.includes('.') ? text.replace(/0+$/, '').length - text.indexOf('.') - 1 : 0;
	if (precision !== undefined && decimals > precision) {
		return { error: `${field} "${text}" has ${decimals} decimal places; at most ${precision} are allowed here` };
	}
	if (!allowZero && compareDecimals(text, '0') <= 0) return { error: `${field} must be greater than zero` };
	return { amount: text };
}

function split(value: string): [bigint, number] {
	const [whole, fraction = ''] = value.split('.');
	return [BigInt(whole + fraction), fraction.length];
}

/** Compares two non-negative decimal strings exactly: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
	const [ia, sa] = split(a);
	const [ib, sb] = split(b);
	const scale = Math.max(sa, sb);
	const x = ia * 10n ** BigInt(scale - sa);
	const y = ib * 10n ** BigInt(scale - sb);
	return x === y ? 0 : x < y ? -1 : 1;
}

export function isDecimal(value: unknown): value is string {
	return typeof value === 'string' && DECIMAL.test(value);
}
