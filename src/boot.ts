import { ConfigError, loadConfig, type Config } from './config.js';

// Shared by every entry point: read .env if present, validate, and on a bad value print one
// clear line (not a stack trace) and exit.

export function bootConfig(): Config {
  try {
    process.loadEnvFile?.('.env');
  } catch {
    // No .env file: the environment alone is fine.
  }
  try {
    const config = loadConfig();
    process.env.TZ = config.TZ;
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
