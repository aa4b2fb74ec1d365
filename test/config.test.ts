import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

// Settings that are wrong stop the start with one line naming the variable.

describe('configuration', () => {
  it.each(['0 9 1 * *', '30 8 1,15 * *', '* * * * * *'])('CHECKIN_CRON "%s" is accepted', (pattern) => {
    expect(loadConfig({ CHECKIN_CRON: pattern }).CHECKIN_CRON).toBe(pattern);
  });

  it.each([
    ['0 25 1 * *', /got value 25 expected range 0-23/],
    ['61 9 1 * *', /got value 61 expected range 0-59/],
    ['0 9 32 * *', /got value 32 expected range 1-31/],
    ['jam 9 tgl 1 * *', /Invalid characters/],
  ])('CHECKIN_CRON "%s" stops the start, saying why', (pattern, why) => {
    expect(() => loadConfig({ CHECKIN_CRON: pattern })).toThrow(ConfigError);
    expect(() => loadConfig({ CHECKIN_CRON: pattern })).toThrow(/^Configuration error: CHECKIN_CRON is not a valid cron pattern/);
    expect(() => loadConfig({ CHECKIN_CRON: pattern })).toThrow(why);
  });

  it('METRICS_PORT is a port number, unset by default', () => {
    expect(loadConfig({}).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT expected a port number/);
  });

  it('BACKUP_DIR and BACKUP_KEEP have defaults', () => {
    expect(loadConfig({})).toMatchObject({ BACKUP_DIR: './data/backups', BACKUP_KEEP: 7 });
  });
});
