import { createHmac } from 'crypto';

/** The doc's request signature (§2.5): HMAC-SHA256 over access key + path + timestamp + body, hex. */
export function sign(secretKey: string, message: string): string {
	return createHmac('sha256', secretKey).update(message, 'utf8').digest('hex');
}
