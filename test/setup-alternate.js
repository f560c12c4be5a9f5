// Read by test/helpers/sandbox.ts: every sandbox a test starts plays the alternate profile (every reading flipped).
process.env.SANDBOX_PROFILE = 'alternate';
