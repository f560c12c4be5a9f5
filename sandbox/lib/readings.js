'use strict';
// Readings: where the 001k doc is silent or contradicts itself, each plausible reading is a switch,
// so tests can run a client against every one. Add a reading here (name, allowed values, default,
// the doc's words); parsing, the CLI flag and the errors stay generic.
const { AdminError } = require('./errors');

const READINGS = {
  customIdReuse: {
    values: ['conflict', 'existing'],
    default: 'conflict',
    doc: '§1.4: "sending the same request multiple times will not result in duplicate operations" (silent on the same custom_id with a different body)',
    meaning: {
      conflict: '409 custom_id.conflict, nothing created',
      existing: 'the first operation is returned as if the request were the same',
    },
  },
  withdrawalMethodCurrency: {
    values: [true, false],
    default: true,
    doc: 'GET /withdrawal-methods: "Similar to the withdrawal methods in the currencies endpoint, but filtered by user-specific rules."',
    meaning: {
      true: 'each method also carries `currency` (its currency code)',
      false: 'the objects are exactly the /currency `withdraw` entries, which do not name their currency',
    },
  },
};

const show = (v) => JSON.stringify(v);

/** Validates a readings object: unknown names and values outside a reading's list are refused. */
function parseReadings(input = {}) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new AdminError('readings must be an object');
  const out = {};
  for (const [name, spec] of Object.entries(READINGS)) out[name] = spec.default;
  for (const [name, value] of Object.entries(input)) {
    const spec = READINGS[name];
    if (!spec) throw new AdminError(`unknown reading ${show(name)}; known: ${Object.keys(READINGS).join(', ')}`);
    if (!spec.values.includes(value)) throw new AdminError(`reading ${name} must be one of ${spec.values.map(show).join(', ')}, not ${show(value)}`);
    out[name] = value;
  }
  return out;
}

/** `name=value` from the command line: true/false become booleans, integers numbers, anything else a string. */
function parseReadingFlag(text, into = {}) {
  const at = String(text).indexOf('=');
  if (at < 1) throw new AdminError(`--reading needs name=value, not ${show(text)}`);
  const name = text.slice(0, at);
  const raw = text.slice(at + 1);
  const value = raw === 'true' ? true : raw === 'false' ? false : /^-?\d+$/.test(raw) ? Number(raw) : raw;
  const result = { ...into, [name]: value };
  parseReadings(result);
  return result;
}

module.exports = { READINGS, parseReadings, parseReadingFlag };
