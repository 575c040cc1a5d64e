// The Apollo server: SDL from schema/*.graphql (one file per context), resolvers, limits and
// the single error mapping.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { PROJECT_ROOT } from '../config.js';
import type { GraphQLContext } from './context.js';
import { formatError } from './errors.js';
import { queryLimitsRule } from './limits.js';
import { resolvers } from './resolvers/index.js';

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

/** Every SDL file of a schema directory, common.graphql first (it declares Query and Mutation). */
export function loadTypeDefs(dir: string = SCHEMA_DIR): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort((a, b) => (a === 'common.graphql' ? -1 : b === 'common.graphql' ? 1 : a.localeCompare(b)));
  return files.map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

export function createApolloServer(options: { logError: (error: unknown) => void }): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    typeDefs: loadTypeDefs(),
    resolvers,
    validationRules: [queryLimitsRule],
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, options.logError),
    introspection: true,
    // main.ts owns the signals: Apollo's own handlers would stop it and re-raise mid-drain
    stopOnTerminationSignals: false,
  });
}
