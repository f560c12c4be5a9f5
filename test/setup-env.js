// n8n-core reads these when it loads: without them it writes a key into ~/.n8n/config.
const { mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

process.env.N8N_USER_FOLDER =
	process.env.N8N_USER_FOLDER || mkdtempSync(join(tmpdir(), 'n8n-001k-test-'));
process.env.N8N_ENCRYPTION_KEY = process.env.N8N_ENCRYPTION_KEY || 'test-encryption-key-001k';
process.env.N8N_LOG_LEVEL = 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
