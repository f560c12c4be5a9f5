'use strict';
// One error type for every API refusal; the server turns it into
// HTTP status + {"error": {code, message, field?}}.

const STATUS = {
	'access_key.missed': 401,
	'timestamp.missed': 401,
	'signature.missed': 401,
	'timestamp.invalid': 401,
	'access_key.invalid': 401,
	'signature.invalid': 401,
	'access_key.inactive': 403,
	'access_key.ip_whitelist': 403,
	'user.inactive': 403,
	'permission.denied': 403,
	'validation.required': 400,
	'validation.invalid': 400,
	'validation.precision': 400,
	'validation.min_amount': 400,
	'validation.max_amount': 400,
	'validation.one_of': 400,
	'validation.offset': 400,
	'validation.limit': 400,
	not_found: 404,
	'balance.insufficient': 400,
	'custom_id.conflict': 409,
	'rate_limit.exceeded': 429,
	internal: 500,
};

class ApiError extends Error {
	constructor(code, message, field) {
		super(message);
		this.code = code;
		this.field = field;
		this.status = STATUS[code] || 400;
	}
	toJSON() {
		const e = { code: this.code, message: this.message };
		if (this.field) e.field = this.field;
		return { error: e };
	}
}

const err = (code, message, field) => new ApiError(code, message, field);

/** Admin endpoint misuse (bad admin input) -> 400 {error:{code:"admin.invalid"}}. */
class AdminError extends Error {
	constructor(message, status = 400) {
		super(message);
		this.status = status;
	}
}

module.exports = { ApiError, AdminError, err, STATUS };
