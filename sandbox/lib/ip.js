'use strict';
// IP whitelist matching (IPv4 + IPv6 CIDR) with BigInt arithmetic.
// IPv4-mapped IPv6 (::ffff:a.b.c.d) is normalized to IPv4 so a v4 rule matches
// clients reached through a dual-stack socket.
const net = require('net');

function normalize(ip) {
	if (!ip) return '';
	let s = String(ip).trim();
	if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
	const pct = s.indexOf('%'); // zone id (fe80::1%eth0)
	if (pct >= 0) s = s.slice(0, pct);
	const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
	if (m) return m[1];
	return s;
}

function v4ToBig(s) {
	return s.split('.').reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function v6ToBig(s) {
	let str = s;
	// embedded dotted quad at the end (e.g. 64:ff9b::1.2.3.4)
	const dq = /(\d+\.\d+\.\d+\.\d+)$/.exec(str);
	if (dq) {
		const v = v4ToBig(dq[1]);
		str =
			str.slice(0, -dq[1].length) +
			((v >> 16n) & 0xffffn).toString(16) +
			':' +
			(v & 0xffffn).toString(16);
	}
	const halves = str.split('::');
	const head = halves[0] ? halves[0].split(':') : [];
	const tail = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
	const fill = 8 - head.length - tail.length;
	const groups = halves.length > 1 ? [...head, ...Array(fill).fill('0'), ...tail] : head;
	return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

/** Parse "ip" or "ip/prefix" -> {family, base, bits} or null when invalid. */
function parseRule(rule) {
	const [addrRaw, prefRaw] = String(rule).trim().split('/');
	const addr = normalize(addrRaw);
	const fam = net.isIP(addr);
	if (!fam) return null;
	const width = fam === 4 ? 32 : 128;
	const bits = prefRaw === undefined ? width : Number(prefRaw);
	if (!Number.isInteger(bits) || bits < 0 || bits > width) return null;
	const value = fam === 4 ? v4ToBig(addr) : v6ToBig(addr);
	const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(width - bits);
	return { family: fam, base: value & mask, mask };
}

/** True when the whitelist is empty or contains the ip. */
function allowed(ip, whitelist) {
	if (!whitelist || whitelist.length === 0) return true;
	const addr = normalize(ip);
	const fam = net.isIP(addr);
	if (!fam) return false;
	const value = fam === 4 ? v4ToBig(addr) : v6ToBig(addr);
	return whitelist.some((r) => {
		const rule = parseRule(r);
		return rule && rule.family === fam && (value & rule.mask) === rule.base;
	});
}

module.exports = { normalize, parseRule, allowed };
