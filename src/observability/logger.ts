// One logger per node: the node's service name on every line, pretty on a terminal (pino-pretty)
// and JSON lines otherwise; LOG_FORMAT=pretty|json overrides. Writes are synchronous so that a
// line is not lost when shutdown ends in process.exit.
import { pino, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { ConfigError } from '../config.js';

export type LogFormat = 'pretty' | 'json';
export const PLATFORM_SERVICE = 'chain-invoice-platform';
export const TAX_NODE_SERVICE = 'chain-invoice-tax-node';

/** LOG_FORMAT, or pretty when stdout is a terminal. */
export function logFormatFrom(env: Readonly<Record<string, string | undefined>>, isTty: boolean = process.stdout.isTTY === true): LogFormat {
  const raw = env['LOG_FORMAT'];
  if (raw === 'pretty' || raw === 'json') return raw;
  if (raw !== undefined && raw !== '') throw new ConfigError('LOG_FORMAT', `must be pretty or json, got "${raw}"`);
  return isTty ? 'pretty' : 'json';
}

export function createServiceLogger(options: { level: string; service: string; format: LogFormat }): Logger {
  const config = {
    level: options.level,
    base: { service: options.service },
    // keys, secrets and request payloads never reach a log line
    redact: ['req.headers.authorization', '*.secret', '*.apiKey', '*.key', '*.variables'],
  };
  if (options.format === 'pretty') {
    return pino(config, PinoPretty({ sync: true, singleLine: true, colorize: process.stdout.isTTY === true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l', destination: 1 }));
  }
  return pino(config, pino.destination({ dest: 1, sync: true }));
}
