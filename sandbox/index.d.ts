// Type declarations for the 001k local sandbox (sandbox/index.js).

export type OperationType =
	'deposit' | 'withdrawal' | 'swap' | 'internal_transfer' | 'limit_order' | 'aml_check';
export type FaultMode =
	'5xx' | 'latency' | 'timeout' | 'reset' | 'drop_after_commit' | 'malformed_json' | '429';
export type Permission =
	| 'allow_balance'
	| 'allow_deposit'
	| 'allow_withdraw'
	| 'allow_swap'
	| 'allow_transfer'
	| 'allow_aml_check'
	| 'allow_limit_order';

export interface SandboxOptions {
	/** 0 = ephemeral (default 0; the CLI uses 4001). */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Scheduler step in ms (default 2000). Tests use 20–50. */
	stepMs?: number;
	/** false: lifecycles only move via admin.tick()/admin.transition() (default true). */
	autoAdvance?: boolean;
	/** false disables per-endpoint rate limits (default true). */
	rateLimits?: boolean;
	/** Use the first X-Forwarded-For entry as client IP (for whitelist tests). */
	trustForwardedFor?: boolean;
	/** Deliver callbacks to non-loopback hosts (default false: logged as skipped). */
	allowExternalCallbacks?: boolean;
	/** Total delivery attempts per callback (default 4). */
	callbackMaxAttempts?: number;
	/** First retry delay, doubled each retry (default 1000). */
	callbackBackoffMs?: number;
	/** Per-attempt timeout (default 5000). */
	callbackTimeoutMs?: number;
	callbackLogSize?: number;
	requestLogSize?: number;
	/** Initial server clock skew in ms. */
	clockOffsetMs?: number;
	logger?: ((message: string) => void) | null;
	/** Refuse what a strict 001k could refuse: unknown fields, wrong types, null/"" optionals, no JSON Content-Type on POST, body on GET, query on POST, loose query values (default false; tests use true). */
	strict?: boolean;
	/** Readings profile: 'default' (each reading's first value) or 'alternate' (every switch flipped). */
	profile?: 'default' | 'alternate';
	/** One value per reading where the doc is open (sandbox/lib/readings.js, README "Readings"). Unknown names or values throw. */
	readings?: Readings;
}

/** Reading name -> value (sandbox/lib/readings.js holds the table; README "Readings (switchable)" the doc's words). */
export interface Readings {
	/** 'conflict' (default): a reused custom_id with another body answers 409; 'existing': the first operation. */
	customIdReuse?: 'conflict' | 'existing';
	/** true (default): GET /withdrawal-methods objects carry `currency`; false: they are the /currency `withdraw` entries, without it. */
	withdrawalMethodCurrency?: boolean;
	[name: string]: string | boolean | undefined;
}

export interface ApiErrorBody {
	error: { code: string; message: string; field?: string };
}

export interface FaultSpec {
	/** HTTP method or '*' (default '*'). */
	method?: string;
	/** Route template, e.g. '/api/v1/withdraw' or '/api/v1/withdraw/{code}', or '*'. */
	path: string;
	mode: FaultMode;
	/** Number of upcoming matching requests affected (default 1; -1 = until cleared). */
	count?: number;
	/** For '5xx': 500 (JSON "internal"), 502/503/504 (HTML proxy page). Default 500. */
	status?: 500 | 502 | 503 | 504;
	/** For 'latency' (default 1000). */
	latencyMs?: number;
	/** For '429': Retry-After seconds (default 1). */
	retryAfter?: number;
}

export interface Fault extends Required<Omit<FaultSpec, 'count' | 'status'>> {
	id: number;
	remaining: number;
	status?: number;
	hits: number;
}

export interface RequestLogEntry {
	id: number;
	time: string;
	method: string;
	path: string;
	query: Record<string, string>;
	raw_query: string;
	/** Raw body text exactly as received. */
	body: string;
	/** x-access-key, x-timestamp, content-type, content-length, user-agent, x-forwarded-for (never the signature). */
	headers: Record<string, string>;
	signature_present: boolean;
	ip: string;
	/** Matched route template or null (404). */
	route: string | null;
	/** HTTP status, or 'reset' | 'timeout' | 'dropped'. */
	status: number | string | null;
	error_code: string | null;
	fault: FaultMode | null;
}

export interface CallbackLogEntry {
	id: number;
	type: OperationType;
	code: string;
	url: string;
	status: string;
	body: string;
	attempts: number;
	responses: Array<number | string>;
	result: 'pending' | 'delivered' | 'failed' | 'skipped' | 'superseded';
	created_at: string;
	reason?: string;
}

export interface KeySpec {
	access_key: string;
	secret_key: string;
	user?: string;
	permissions?: Permission[];
	ip_whitelist?: string[];
	active?: boolean;
	user_active?: boolean;
}

export interface SeedSpec {
	type: OperationType;
	count?: number;
	start?: number | string;
	spacingMs?: number;
	user?: string;
	status?: string;
	custom_id_prefix?: string;
	currency?: string;
	method?: string;
	amount?: string;
	address?: string;
	direction?: string;
	spend_amount?: string;
	recipient?: string;
	pair?: string;
	side?: 'buy' | 'sell';
	limit_price?: string;
	base_amount?: string;
	token?: number;
	plan?: string;
}

/** An operation as 001k's API shows it (GET /<type>/<code>): its code, its status and its type's own fields. */
export interface OperationView {
	code: string;
	status: string;
	[field: string]: unknown;
}

export interface SandboxAdmin {
	createDeposit(args: {
		currency: string;
		amount: string;
		method?: string;
		address?: string;
		tag?: string;
		callback_url?: string;
		status?: string;
		user?: string;
		txid?: string;
	}): OperationView;
	transition(args: {
		type: OperationType | string;
		code: string;
		status: string;
		reason_code?: string;
		reason_message?: string;
	}): OperationView;
	setOutcome(args: { type: OperationType | string; code: string; status: string }): OperationView;
	getOp(type: OperationType | string, code: string): OperationView;
	tick(count?: number): { active: number };
	addFault(fault: FaultSpec): Fault;
	setFault(fault: FaultSpec): Fault;
	faults(): Fault[];
	clearFaults(): { ok: true };
	setClock(args: { offsetMs: number } | number): { offsetMs: number; now: number };
	seed(spec: SeedSpec): { type: OperationType; created: number; first: string; last: string };
	state(options?: { ops?: boolean }): Record<string, unknown>;
	reconcile(): { ok: boolean; problems: string[]; ledger: Record<string, Record<string, string>> };
	requests(): RequestLogEntry[];
	clearRequests(): { ok: true };
	callbacks(): CallbackLogEntry[];
	clearCallbacks(): { ok: true };
	/** Resolves when no callback delivery is queued, in flight or waiting to retry. */
	callbacksIdle(): Promise<void>;
	reset(): { ok: true };
	addKey(
		key: KeySpec,
	): KeySpec & { permissions: Permission[]; ip_whitelist: string[]; active: boolean };
	addUser(user: {
		id: string;
		email?: string;
		active?: boolean;
		balances?: Record<string, string>;
	}): { id: string; email: string; active: boolean };
	setBalance(args: { user?: string; currency: string; available: string }): {
		user: string;
		currency: string;
		available: string;
	};
	setRateLimits(args: { enabled: boolean } | boolean): { enabled: boolean };
	setAmlRisk(args: {
		address: string;
		riskscore: number;
		alert_grade?: string;
		signals?: Record<string, number>;
	}): Record<string, unknown>;
	/** enabled: false withdraws the method (lists and POST /withdraw); the other fields override its limits. Undone by reset(). */
	setWithdrawalMethod(args: {
		code: string;
		enabled?: boolean;
		min_amount?: string;
		max_amount?: string;
		precision?: number;
		fee_percent?: string;
		fee_absolute?: string;
	}): { code: string; enabled: boolean; method: Record<string, unknown> | null };
}

export interface Sandbox {
	/** e.g. http://127.0.0.1:43123 (no trailing slash). */
	url: string;
	port: number;
	admin: SandboxAdmin;
	keys: { demo: { accessKey: string; secretKey: string }; all: KeySpec[] };
	/** hex HMAC-SHA256(secret, accessKey + path + timestamp + body). */
	sign(
		secret: string,
		accessKey: string,
		path: string,
		timestamp: string | number,
		body?: string,
	): string;
	/** Server clock (Date.now() + offset). */
	now(): number;
	/** The value this sandbox plays for every reading. */
	readings: Record<string, string | boolean>;
	strict: boolean;
	/** Closes the server, sockets, timers and callback deliveries. */
	stop(): Promise<void>;
}

export declare const DEMO: { accessKey: 'demo-access-key'; secretKey: 'demo-secret-key' };
export declare function startSandbox(options?: SandboxOptions): Promise<Sandbox>;
