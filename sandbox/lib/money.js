'use strict';
// Exact decimal money math. Every amount is a BigInt scaled by 10^18 (one
// internal scale for all currencies, so mixing currencies never loses digits);
// strings are produced at the currency/method precision. Never use floats.

const SCALE = 18;
const ONE = 10n ** BigInt(SCALE);
const AMOUNT_RE = /^\d+(\.\d+)?$/;

/** Parse a decimal string (already validated) into a scaled BigInt. */
function parse(str) {
	const s = String(str);
	if (!AMOUNT_RE.test(s)) throw new Error(`not a decimal: ${s}`);
	const [int, frac = ''] = s.split('.');
	if (frac.length > SCALE) throw new Error(`too many decimals: ${s}`);
	return BigInt(int) * ONE + BigInt((frac + '0'.repeat(SCALE)).slice(0, SCALE) || '0');
}

/** Number of decimals as written ("1.50" -> 2). */
function decimals(str) {
	const i = String(str).indexOf('.');
	return i < 0 ? 0 : String(str).length - i - 1;
}

function unit(prec) {
	return 10n ** BigInt(SCALE - prec);
}

/** Round a scaled value to `prec` decimals; mode 'down' (toward zero) or 'up'. */
function round(v, prec, mode = 'down') {
	const u = unit(prec);
	const neg = v < 0n;
	const a = neg ? -v : v;
	let q = a / u;
	if (mode === 'up' && a % u !== 0n) q += 1n;
	const r = q * u;
	return neg ? -r : r;
}

/** Format a scaled value with exactly `prec` decimals (value rounded down first). */
function format(v, prec) {
	const neg = v < 0n;
	let a = round(neg ? -v : v, prec, 'down');
	const int = a / ONE;
	const frac = (a % ONE).toString().padStart(SCALE, '0').slice(0, prec);
	return (neg ? '-' : '') + int.toString() + (prec > 0 ? '.' + frac : '');
}

/** a*b/c for scaled values, rounded to `prec` decimals with `mode`. */
function mulDiv(a, b, c, prec, mode = 'down') {
	if (c === 0n) throw new Error('division by zero');
	const u = unit(prec);
	const num = a * b; // scale 2*SCALE
	const den = c * u; // result / u is an integer count of units
	let q = num / den;
	if (mode === 'up' && num % den !== 0n) q += 1n;
	return q * u;
}

/** a*b rounded to prec. */
function mul(a, b, prec, mode) {
	return mulDiv(a, b, ONE, prec, mode);
}

/** a/b rounded to prec. */
function div(a, b, prec, mode) {
	return mulDiv(a, ONE, b, prec, mode);
}

/** Percentage fee: amount * pct / 100, rounded UP (platform keeps the dust). */
function percentOf(amount, pct, prec) {
	return mulDiv(amount, pct, 100n * ONE, prec, 'up');
}

/** Float for AML risk scores only (reports are floats by spec). */
function toNumber(v) {
	return Number(format(v, SCALE));
}

module.exports = {
	SCALE,
	ONE,
	AMOUNT_RE,
	parse,
	decimals,
	round,
	format,
	mulDiv,
	mul,
	div,
	percentOf,
	toNumber,
};
