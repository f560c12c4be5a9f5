// api-client.js: the doc's JavaScript client (§4.3 "Authentication"), as printed.
const crypto = require('crypto');
const axios = require('axios');

class ApiClient {
	constructor(baseUrl, accessKey, secretKey) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.accessKey = accessKey;
		this.secretKey = secretKey;
	}

	getTimestamp() {
		return Date.now().toString();
	}

	generateSignature(path, timestamp, body = '') {
		const message = `${this.accessKey}${path}${timestamp}${body}`;
		return crypto.createHmac('sha256', this.secretKey).update(message).digest('hex');
	}

	async request(method, endpoint, params = {}, data = null) {
		const path = `/api/v1${endpoint}`;
		const url = `${this.baseUrl}${path}`;
		const timestamp = this.getTimestamp();

		const headers = {
			'X-Access-Key': this.accessKey,
			'X-Timestamp': timestamp,
		};

		let body = '';
		if (['POST', 'PUT', 'PATCH'].includes(method.toUpperCase()) && data !== null) {
			body = JSON.stringify(data);
			headers['Content-Type'] = 'application/json';
		}

		headers['X-Signature'] = this.generateSignature(path, timestamp, body);

		try {
			const response = await axios({
				method,
				url,
				params: method.toUpperCase() === 'GET' ? params : undefined,
				data: body || undefined,
				headers,
			});

			return response.data;
		} catch (error) {
			if (error.response) {
				throw new Error(`API Error: ${JSON.stringify(error.response.data)}`);
			}
			throw error;
		}
	}

	async get(endpoint, params = {}) {
		return this.request('GET', endpoint, params);
	}

	async post(endpoint, data = {}) {
		return this.request('POST', endpoint, {}, data);
	}
}

module.exports = ApiClient;
