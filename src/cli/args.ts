// Minimal `--name value` / `--flag` argument parsing for the project's CLIs (node:util's
// parseArgs does the work; this adds one clear error for unknown options).
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  options: T,
  usage: string,
  argv: string[] = process.argv.slice(2),
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
}
