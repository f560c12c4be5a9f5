/** Client IP allow-lists with CIDR ranges, for IPv4 and IPv6 (IPv4-mapped IPv6 counts as IPv4). */
interface Range {
	version: 4 | 6;
	base: bigint;
	bits: number;
}

function parseIPv4(text: string): bigint | undefined {
	const parts = text.split('.');
	if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
		return undefined;
	return parts.reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function parseIPv6(text: string): bigint | undefined {
	let address = text.toLowerCase();
	const zone = address.indexOf('%');
	if (zone >= 0) address = address.slice(0, zone);
	const tail = address.match(/(\d+\.\d+\.\d+\.\d+)$/);
	if (tail) {
		const v4 = parseIPv4(tail[1]);
		if (v4 === undefined) return undefined;
		address = `${address.slice(0, -tail[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
	}
	const halves = address.split('::');
	if (halves.length > 2) return undefined;
	const head = halves[0] ? halves[0].split(':') : [];
	const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
	const missing = 8 - head.length - rest.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
	if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
	return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

/** Parses an address to its version and value; `::ffff:a.b.c.d` becomes plain IPv4. */
export function parseIp(text: string): { version: 4 | 6; value: bigint } | undefined {
	const trimmed = text.trim().replace(/^\[|\]$/g, '');
	const v4 = parseIPv4(trimmed);
	if (v4 !== undefined) return { version: 4, value: v4 };
	const v6 = parseIPv6(trimmed);
	if (v6 === undefined) return undefined;
	if (v6 >> 32n === V4_MAPPED_PREFIX >> 32n) return { version: 4, value: v6 & 0xffffffffn };
	return { version: 6, value: v6 };
}

function parseRange(text: string): Range | undefined {
	const parts = text.trim().split('/');
	if (parts.length > 2) return undefined;
	const [address, prefix] = parts;
	const ip = parseIp(address);
	if (!ip) return undefined;
	// An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) is the IPv4 range it maps: its prefix counts 96 bits more.
	const mapped =
		ip.version === 4 && parseIPv4(address.trim().replace(/^\[|\]$/g, '')) === undefined;
	const written = mapped ? 128 : ip.version === 4 ? 32 : 128;
	const raw = prefix === undefined ? written : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
	const bits = mapped ? raw - 96 : raw;
	const width = ip.version === 4 ? 32 : 128;
	if (!(bits >= 0 && bits <= width)) return undefined;
	return { version: ip.version, base: ip.value >> BigInt(width - bits), bits };
}

/** Splits a comma/space/newline separated list; returns the ranges and the entries that are not valid. */
export function parseAllowList(text: string): { ranges: Range[]; invalid: string[] } {
	const ranges: Range[] = [];
	const invalid: string[] = [];
	for (const entry of text.split(/[\s,;]+/).filter(Boolean)) {
		const range = parseRange(entry);
		if (range) ranges.push(range);
		else invalid.push(entry);
	}
	return { ranges, invalid };
}

/** What the editor and the log say when the list has entries that are not addresses or ranges. */
export function allowListProblem(invalid: string[]): string {
	const shown = invalid
		.slice(0, 5)
		.map((entry) => JSON.stringify(entry))
		.join(', ');
	return `Allowed IPs has entries that are not IP addresses or CIDR ranges (${shown}${invalid.length > 5 ? ', …' : ''}): every callback is refused until they are fixed in the trigger's Options → Allowed IPs`;
}

export function isAllowed(ranges: Range[], address: string | undefined): boolean {
	if (!ranges.length) return true;
	const ip = address ? parseIp(address) : undefined;
	if (!ip) return false;
	const width = ip.version === 4 ? 32 : 128;
	return ranges.some(
		(r) => r.version === ip.version && ip.value >> BigInt(width - r.bits) === r.base,
	);
}
