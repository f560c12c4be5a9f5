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
export function checkAmount(
	value: unknown,
	{ field, precision, allowZero }: AmountCheck,
): { amount?: string; error?: string } {
	if (typeof value === 'number') {
		return {
			error: `${field} must be text such as "0.015" (a number loses precision); put the amount in quotes or use .toString()`,
		};
	}
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return { error: `${field} is required` };
	if (!DECIMAL.test(text)) {
		return {
			error: `${field} "${text}" is not a plain decimal amount such as 0.015 (no signs, exponents, commas or spaces)`,
		};
	}
	// Trailing zeros carry no value: the doc itself sends "0.01000000" to a 6-decimal pair.
	const decimals = text.includes('.') ? text.replace(/0+$/, '').length - text.indexOf('.') - 1 : 0;
	if (precision !== undefined && decimals > precision) {
		return {
			error: `${field} "${text}" has ${decimals} decimal places; at most ${precision} are allowed here`,
		};
	}
	if (!allowZero && compareDecimals(text, '0') <= 0)
		return { error: `${field} must be greater than zero` };
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

/** For display only (dropdowns, reports): "0.010000000000000000" → "0.01". Never for amounts sent. */
export function displayDecimal(value: unknown): string {
	const text = String(value ?? '');
	return DECIMAL.test(text) && text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

export function isDecimal(value: unknown): value is string {
	return typeof value === 'string' && DECIMAL.test(value);
}

/** The decimal string as an integer count of 10^-scale units, rounded up or down when it has more decimals. */
function toUnits(value: string, scale: number, rounding: 'up' | 'down'): bigint {
	const [whole, fraction = ''] = value.split('.');
	const kept = BigInt(whole + fraction.slice(0, scale).padEnd(scale, '0'));
	const dropped = fraction.slice(scale);
	return rounding === 'up' && /[1-9]/.test(dropped) ? kept + 1n : kept;
}

function fromUnits(units: bigint, scale: number): string {
	if (scale === 0) return units.toString();
	const digits = units.toString().padStart(scale + 1, '0');
	return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** a + b, exactly, written with `scale` decimals (rounded up if an input has more). */
export function addDecimals(a: string, b: string, scale: number): string {
	return fromUnits(toUnits(a, scale, 'up') + toUnits(b, scale, 'up'), scale);
}

/** a − b (a ≥ b), exactly, written with `scale` decimals. */
export function subtractDecimals(a: string, b: string, scale: number): string {
	return fromUnits(toUnits(a, scale, 'down') - toUnits(b, scale, 'up'), scale);
}

/** percent % of amount, rounded up to `scale` decimals: a fee is never shown smaller than charged. */
export function percentOfUp(amount: string, percent: string, scale: number): string {
	const [a, sa] = split(amount);
	const [p, sp] = split(percent);
	// amount × percent / 100 has sa + sp + 2 decimals; round that up to `scale`.
	const exact = a * p;
	const exactScale = sa + sp + 2;
	if (exactScale <= scale) return fromUnits(exact * 10n ** BigInt(scale - exactScale), scale);
	const divisor = 10n ** BigInt(exactScale - scale);
	const units = exact / divisor + (exact % divisor === 0n ? 0n : 1n);
	return fromUnits(units, scale);
}
