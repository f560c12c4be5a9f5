'use strict';
// Where the 001k doc is silent or contradicts itself, the sandbox plays one reading per switch.
// One table: name -> allowed values (the default first) and the value the "alternate" profile picks;
// parsing, the CLI flag and the errors stay generic. sandbox/README.md "Readings (switchable)" quotes the doc for each row.
const { AdminError } = require('./errors');

const READINGS = {
	customIdReuse: { values: ['conflict', 'existing'], alternate: 'existing' },
	withdrawalMethodCurrency: { values: [true, false], alternate: false },
	limitOrderCreateStatus: { values: ['open', 'queued'], alternate: 'queued' },
	limitOrderCancelStatus: { values: ['cancelled', 'cancelling'], alternate: 'cancelling' },
	limitOrderFee: { values: ['onTop', 'inSpend'], alternate: 'inSpend' },
	amlCreateStatus: { values: ['pending', 'queued'], alternate: 'queued' },
	amlReportStatusCase: { values: ['lower', 'upper'], alternate: 'upper' },
	swapReceiveAmount: { values: ['gross', 'net'], alternate: 'net' },
	swapObject: { values: ['fields', 'createExample'], alternate: 'createExample' },
	swapCancel: { values: ['requested', 'immediate'], alternate: 'immediate' },
	swapDirectionRate: { values: ['all', 'none', 'example'], alternate: 'none' },
	receiveMode: { values: ['both', 'exact', 'boolean'], alternate: 'boolean' },
	methodCodes: { values: ['both', 'listed'], alternate: 'listed' },
	networkCase: { values: ['doc', 'lower', 'upper'], alternate: 'upper' },
	codeCase: { values: ['insensitive', 'upper'], alternate: 'upper' },
	amountScale: { values: ['doc', 'precision'], alternate: 'precision' },
	transferSuccessStatus: { values: ['success', 'completed'], alternate: 'completed' },
	transferTimestamp: { values: ['created', 'done'], alternate: 'done' },
	callbackPayload: { values: ['full', 'essential'], alternate: 'essential' },
	errorBody: { values: ['nested', 'flat'], alternate: 'flat' },
	insufficientBalance: {
		values: ['balance.insufficient', 'insufficient_funds', 'validation.invalid'],
		alternate: 'validation.invalid',
	},
	createStatus: { values: ['200', '201'], alternate: '201' },
	conflictStatus: { values: ['409', '400', '422'], alternate: '422' },
	notFoundStatus: { values: ['404', '400'], alternate: '400' },
	validationStatus: { values: ['400', '422'], alternate: '422' },
	limitPairPriceField: { values: ['latest', 'current', 'both'], alternate: 'current' },
	dateFormat: { values: ['seconds', 'millis', 'offset'], alternate: 'offset' },
	riskscoreType: { values: ['number', 'string'], alternate: 'string' },
	withdrawalAddressFields: { values: ['both', 'attributes'], alternate: 'attributes' },
	depositAddressReuse: { values: ['new', 'same'], alternate: 'same' },
};

const PROFILES = ['default', 'alternate'];

const show = (v) => JSON.stringify(v);

/** Full readings object for `startSandbox({ profile, readings })`; unknown names, values or profiles throw. */
function parseReadings(input = {}, profile = 'default') {
	if (!PROFILES.includes(profile))
		throw new AdminError(
			`unknown readings profile ${show(profile)}; one of ${PROFILES.join(', ')}`,
		);
	if (input === null || typeof input !== 'object' || Array.isArray(input))
		throw new AdminError('readings must be an object');
	const out = {};
	for (const [name, spec] of Object.entries(READINGS))
		out[name] = profile === 'alternate' ? spec.alternate : spec.values[0];
	for (const [name, value] of Object.entries(input)) {
		const spec = READINGS[name];
		if (!spec)
			throw new AdminError(
				`unknown reading ${show(name)}; known: ${Object.keys(READINGS).join(', ')}`,
			);
		if (!spec.values.includes(value))
			throw new AdminError(
				`reading ${name} must be one of ${spec.values.join(', ')}, not ${show(value)}`,
			);
		out[name] = value;
	}
	return out;
}

/** `name=value` from the command line, typed as the reading's own values (true/false stay booleans, '201' a string). */
function parseReadingFlag(text, into = {}) {
	const at = String(text).indexOf('=');
	if (at < 1) throw new AdminError(`--reading needs name=value, not ${show(text)}`);
	const name = text.slice(0, at);
	const raw = text.slice(at + 1);
	const typed = READINGS[name] && READINGS[name].values.find((v) => String(v) === raw);
	const result = { ...into, [name]: typed === undefined ? raw : typed };
	parseReadings(result);
	return result;
}

module.exports = { READINGS, PROFILES, parseReadings, parseReadingFlag };
