import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sharedList } from './catalog';
import { compareDecimals, isDecimal } from '../../shared/decimal';
import { sendCreate } from './exactlyOnce';
import { pollUntilFinal } from './completion';
import { readSeconds } from './parameters';

/** The report's alert grades, least severe first. */
const GRADES = ['low', 'medium', 'high', 'severe'];

const show = { show: { amlGate: [true] } };

export const amlGateFields: INodeProperties[] = [
	{
		displayName: 'AML Gate',
		name: 'amlGate',
		type: 'boolean',
		default: false,
		description:
			'Whether to run a paid AML check of the destination first, wait for its report, and withdraw only when the risk is within the limits below',
	},
	{
		displayName: 'Max Risk Score',
		name: 'amlMaxRiskScore',
		type: 'string',
		default: '0.5',
		placeholder: 'e.g. 0.5',
		description:
			'The highest report riskscore (0 to 1) that still allows the withdrawal, as a decimal such as 0.5',
		displayOptions: show,
	},
	{
		displayName: 'Max Alert Grade',
		name: 'amlMaxAlertGrade',
		type: 'options',
		// Numbered so the alphabetical order n8n's lint rules ask for is also the order of severity.
		options: GRADES.map((grade, i) => ({
			name: `${i + 1}. ${grade.charAt(0).toUpperCase() + grade.slice(1)}`,
			value: grade,
		})),
		default: 'medium',
		description:
			'The most severe report alert_grade that still allows the withdrawal (low < medium < high < severe)',
		displayOptions: show,
	},
	{
		displayName: 'AML Wait Timeout (Seconds)',
		name: 'amlWaitTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description: 'How long to wait for the report before failing without withdrawing',
		displayOptions: show,
	},
	{
		displayName: 'AML Poll Interval (Seconds)',
		name: 'amlPollInterval',
		type: 'number',
		typeOptions: { minValue: 0.05 },
		default: 5,
		description: 'Time between two looks at the AML check',
		displayOptions: show,
	},
];

export interface AmlGate {
	body: IDataObject;
	maxRiskScore: string;
	maxGrade: string;
}

/** A retried withdrawal repeats its custom_id, so its check does too and 001k does not charge twice. */
function amlCustomId(withdrawalCustomId: unknown): string | undefined {
	if (typeof withdrawalCustomId !== 'string' || !withdrawalCustomId) return undefined;
	const id = `aml-${withdrawalCustomId}`;
	return id.length <= 255
		? id
		: `aml-${createHash('sha256').update(withdrawalCustomId).digest('hex')}`;
}

/** Checks the thresholds and finds the AML token of the withdrawal's currency and network; sends nothing. */
export async function amlGateRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	method: IDataObject,
	withdrawal: IDataObject,
): Promise<AmlGate> {
	const fail = (message: string) => new NodeOperationError(this.getNode(), message, { itemIndex });
	const maxRiskScore = String(this.getNodeParameter('amlMaxRiskScore', itemIndex, '')).trim();
	if (!isDecimal(maxRiskScore) || compareDecimals(maxRiskScore, '1') > 0) {
		throw fail(`Max Risk Score "${maxRiskScore}" must be a decimal from 0 to 1, such as 0.5`);
	}
	const maxGrade = String(this.getNodeParameter('amlMaxAlertGrade', itemIndex, 'medium'));
	if (!GRADES.includes(maxGrade)) throw fail(`Max Alert Grade must be one of ${GRADES.join(', ')}`);
	const currency = String(withdrawal.currency);
	const network = String(method.network ?? '').toLowerCase();
	const tokens = await sharedList.call(this, 'GET /aml/token');
	const token = tokens.find(
		(t) =>
			String(t.symbol).toUpperCase() === currency &&
			String(t.network ?? '').toLowerCase() === network,
	);
	if (!token) {
		throw fail(
			`No AML token covers ${currency} on the ${network || 'unknown'} network (see "AML Check → Get Tokens"); turn the AML Gate off for this withdrawal`,
		);
	}
	const body: IDataObject = {
		direction: 'withdrawal',
		token: Number(token.id),
		address: withdrawal.address,
	};
	const customId = amlCustomId(withdrawal.custom_id);
	if (customId) body.custom_id = customId;
	return { body, maxRiskScore, maxGrade };
}

/** riskscore is a JSON number in the report; read it as the decimal it was written as. */
function scoreText(value: unknown): string | undefined {
	if (typeof value === 'string' && isDecimal(value)) return value;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
	const text = String(value);
	return isDecimal(text) ? text : value.toFixed(20);
}

function summary(check: IDataObject): string {
	const report = (check.report ?? {}) as IDataObject;
	const signals = Object.entries((report.signals ?? {}) as IDataObject)
		.filter(([, score]) => Number(score) > 0)
		.map(([name, score]) => `${name} ${String(score)}`);
	return `AML check ${String(check.code)} (${String(check.status)}): risk score ${String(report.riskscore ?? 'none')}, alert grade ${String(report.alert_grade ?? 'none')}${signals.length ? `, signals: ${signals.join(', ')}` : ''}`;
}

/** Runs the check, waits for the report, and throws when the risk is above the limits (or unknown). */
export async function passAmlGate(
	this: IExecuteFunctions,
	itemIndex: number,
	gate: AmlGate,
): Promise<IDataObject> {
	// Validated like every other duration: an expression yielding NaN would otherwise poll for ever.
	const timeoutMs =
		readSeconds.call(this, itemIndex, 'amlWaitTimeout', 'AML Wait Timeout', 300) * 1000;
	const pollMs =
		readSeconds.call(this, itemIndex, 'amlPollInterval', 'AML Poll Interval', 5, 3600) * 1000;
	const created = await sendCreate.call(this, itemIndex, 'amlCheck', 'POST /aml/check', gate.body);
	const check = await pollUntilFinal.call(this, itemIndex, 'amlCheck', created, timeoutMs, pollMs);
	const report = check.report as IDataObject | null | undefined;
	const reasons: string[] = [];
	if (check.status !== 'success' || !report) {
		reasons.push(
			`the check ended "${String(check.status)}" without a report${check.reason_code ? ` (${String(check.reason_code)})` : ''}`,
		);
	} else {
		const score = scoreText(report.riskscore);
		if (score === undefined || compareDecimals(score, gate.maxRiskScore) > 0) {
			reasons.push(`risk score ${String(report.riskscore)} is above ${gate.maxRiskScore}`);
		}
		const grade = GRADES.indexOf(String(report.alert_grade).toLowerCase());
		if (grade === -1 || grade > GRADES.indexOf(gate.maxGrade)) {
			reasons.push(`alert grade ${String(report.alert_grade)} is above ${gate.maxGrade}`);
		}
	}
	if (!reasons.length) return check;
	const error = new NodeOperationError(
		this.getNode(),
		`AML gate refused the withdrawal to ${String(gate.body.address)}: ${reasons.join('; ')}`,
		{
			itemIndex,
			description: `${summary(check)}. Nothing was withdrawn. The limits are the AML Gate options of this node.`,
		},
	);
	// The router puts this into the error item when Continue On Fail is on.
	error.context.output = { amlCheck: check };
	throw error;
}
