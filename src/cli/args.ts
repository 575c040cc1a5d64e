// Minimal `--name value` / `--flag` argument parsing for the project's CLIs (node:util's
// parseArgs does the work; this adds one clear error for unknown options).
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad usage: the message names the problem and carries the usage text (exit status 2). */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Parses `argv`; throws CliUsageError (message + usage) on an unknown or malformed option. */
export function parseCliArgsOrThrow<T extends NonNullable<ParseArgsConfig['options']>>(options: T, usage: string, argv: string[]) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
}

/** As parseCliArgsOrThrow, for a CLI's top level: prints the error and exits 2. */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  options: T,
  usage: string,
  argv: string[] = process.argv.slice(2),
) {
  try {
    return parseCliArgsOrThrow(options, usage, argv);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
