'use strict';
// Where the 001k doc is silent or contradicts itself, the sandbox plays one reading per switch.
// One table: name -> allowed values (the default first) and the value the "alternate" profile picks.
// sandbox/README.md "Readings (switchable)" quotes the doc's words for each row.

const READINGS = {
  customIdReuse: { values: ['conflict', 'existing'], alternate: 'existing' },
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
  createStatus: { values: ['200', '201'], alternate: '201' },
  limitPairPriceField: { values: ['latest', 'current', 'both'], alternate: 'current' },
  dateFormat: { values: ['seconds', 'millis', 'offset'], alternate: 'offset' },
  riskscoreType: { values: ['number', 'string'], alternate: 'string' },
  withdrawalAddressFields: { values: ['both', 'attributes'], alternate: 'attributes' },
  depositAddressReuse: { values: ['new', 'same'], alternate: 'same' },
};

const PROFILES = ['default', 'alternate'];

/** Full readings object for `startSandbox({ profile, readings })`; unknown names or values throw. */
function resolveReadings(readings = {}, profile = 'default') {
  if (!PROFILES.includes(profile)) throw new Error(`unknown readings profile "${profile}"; one of ${PROFILES.join(', ')}`);
  if (!readings || typeof readings !== 'object' || Array.isArray(readings)) throw new Error('readings must be an object');
  const out = {};
  for (const [name, r] of Object.entries(READINGS)) out[name] = profile === 'alternate' ? r.alternate : r.values[0];
  for (const [name, value] of Object.entries(readings)) {
    const r = READINGS[name];
    if (!r) throw new Error(`unknown reading "${name}"; known: ${Object.keys(READINGS).join(', ')}`);
    if (!r.values.includes(value)) throw new Error(`reading ${name} must be one of ${r.values.join(', ')}, not "${value}"`);
    out[name] = value;
  }
  return out;
}

/** "name=value" (the CLI's --reading) -> [name, value]. */
function parseReadingArg(text) {
  const i = String(text).indexOf('=');
  if (i < 1) throw new Error(`--reading needs name=value, not "${text}"`);
  return [text.slice(0, i), text.slice(i + 1)];
}

module.exports = { READINGS, PROFILES, resolveReadings, parseReadingArg };
