/**
 * What each documented authentication error code means and how to fix it (doc §2.6), in one
 * place: the node's errors, the dropdowns and the credential test all say the same sentence.
 */
export interface Explanation {
	message: string;
	/** One sentence, starting with a verb or a noun the user can act on. */
	hint: string;
}

export const AUTH_ERRORS: Record<string, Explanation> = {
	'access_key.missed': {
		message: 'The request reached 001k without an access key',
		hint: 'Open the 001k credential and fill in the Access Key.',
	},
	'timestamp.missed': {
		message: 'The request reached 001k without a timestamp',
		hint: 'Something between n8n and 001k (a proxy?) strips the X-Timestamp header.',
	},
	'signature.missed': {
		message: 'The request reached 001k without a signature',
		hint: 'Something between n8n and 001k (a proxy?) strips the X-Signature header.',
	},
	'timestamp.invalid': {
		message: "The n8n server's clock differs from 001k's by more than 5 seconds",
		hint: "Synchronize this n8n server's clock (NTP).",
	},
	'access_key.invalid': {
		message: '001k does not know this access key',
		hint: 'Check the Access Key in the 001k credential, and that the Base URL points at the right 001k environment.',
	},
	'access_key.inactive': {
		message: 'This 001k API key is disabled',
		hint: 'Enable the key in your 001k account settings, or create a new key pair.',
	},
	'access_key.ip_whitelist': {
		message: "This n8n server's IP address is not on the API key's whitelist",
		hint: "Add this n8n server's public IP address (or its range, in CIDR notation) to the key's IP whitelist in your 001k account.",
	},
	'user.inactive': {
		message: 'The 001k account that owns this API key is inactive',
		hint: 'Contact 001k support to reactivate the account.',
	},
	'signature.invalid': {
		message: '001k rejected the request signature',
		hint: 'Check that the Secret Key in the 001k credential is the one issued with this Access Key (copy it again, without spaces).',
	},
};

/**
 * One sentence from a cause and its fix: "Cause [code]: fix." The editor shows only an error's
 * message in a dropdown's tooltip, so both halves must travel in it.
 */
export function oneSentence(cause: string, fix?: string): string {
	const head = cause.trim().replace(/[.\s]+$/, '');
	if (!fix?.trim()) return `${head}.`;
	const tail = fix.trim().replace(/[.\s]+$/, '');
	// Lower-case the fix's first word unless it is a name or an acronym ("001k", "NTP", "IP").
	const lowered = /^[A-Z][a-z]/.test(tail) ? tail[0].toLowerCase() + tail.slice(1) : tail;
	return `${head}: ${lowered}.`;
}

/** The sentence for a documented authentication error code, or undefined for any other code. */
export function authSentence(code: string): string | undefined {
	const known = AUTH_ERRORS[code];
	return known ? oneSentence(`${known.message} [${code}]`, known.hint) : undefined;
}
