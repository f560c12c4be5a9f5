'use strict';
// HMAC-SHA256 request authentication (doc §2). Check order: missing headers,
// key exists, timestamp window, signature, key active, user active, IP whitelist,
// permission.
const crypto = require('crypto');
const ip = require('./ip');
const { err } = require('./errors');

const WINDOW_MS = 5000;

function sign(secret, accessKey, path, timestamp, rawBody) {
	return crypto
		.createHmac('sha256', secret)
		.update(
			Buffer.concat([
				Buffer.from(`${accessKey}${path}${timestamp}`, 'utf8'),
				rawBody || Buffer.alloc(0),
			]),
		)
		.digest('hex');
}

/** Returns {key, user}; throws ApiError. `rawPath` is the path exactly as sent (no query). */
function authenticate(ctx, req, rawPath, rawBody, clientIp, perm) {
	const h = req.headers;
	const accessKey = h['x-access-key'];
	const ts = h['x-timestamp'];
	const sig = h['x-signature'];
	if (!accessKey) throw err('access_key.missed', 'X-Access-Key header is missing');
	if (!ts) throw err('timestamp.missed', 'X-Timestamp header is missing');
	if (!sig) throw err('signature.missed', 'X-Signature header is missing');
	const key = ctx.st.keys.get(accessKey);
	if (!key) throw err('access_key.invalid', 'Access key does not exist');
	if (!/^\d{1,16}$/.test(ts) || Math.abs(ctx.now() - Number(ts)) > WINDOW_MS) {
		throw err(
			'timestamp.invalid',
			'X-Timestamp must be milliseconds since epoch within 5 seconds of server time',
		);
	}
	const expected = sign(key.secret_key, accessKey, rawPath, ts, rawBody);
	// Strict: the doc's clients all send lower-case hex, so an upper-case one is not the doc's signature.
	const given = ctx.opts.strict ? String(sig) : String(sig).toLowerCase();
	if (
		given.length !== expected.length ||
		!crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))
	) {
		throw err('signature.invalid', 'Signature does not match');
	}
	if (!key.active) throw err('access_key.inactive', 'API key is disabled');
	const user = ctx.st.users.get(key.user);
	if (!user || !user.active) throw err('user.inactive', 'User account is inactive');
	if (!ip.allowed(clientIp, key.ip_whitelist))
		throw err(
			'access_key.ip_whitelist',
			`IP ${ip.normalize(clientIp)} is not in the key whitelist`,
		);
	if (perm && !key.permissions.includes(perm))
		throw err('permission.denied', `API key lacks permission ${perm}`);
	return { key, user };
}

module.exports = { sign, authenticate, WINDOW_MS };
