// The Apollo server: SDL from schema/*.graphql (one file per context), resolvers, limits, the
// guard plugin and the single error mapping.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import { PROJECT_ROOT } from '../config.js';
import type { GraphQLContext } from './context.js';
import { formatError } from './errors.js';
import { guardPlugin, type GuardedContext } from './guard-plugin.js';
import { queryLimitsRule } from './limits.js';
import { MAX_TOKENS } from './source-gate.js';
import { resolvers } from './resolvers/index.js';

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

/** Every SDL file of a schema directory, common.graphql first (it declares Query and Mutation). */
export function loadTypeDefs(dir: string = SCHEMA_DIR): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort((a, b) => (a === 'common.graphql' ? -1 : b === 'common.graphql' ? 1 : a.localeCompare(b)));
  return files.map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

/**
 * Options every Apollo server of this project shares (both nodes): the limits, the guard
 * plugin, the single error mapping, no stack traces, no "did you mean" hints to strangers.
 * Introspection is on server-wide; the guard refuses it per request to anonymous callers
 * unless `anonymousIntrospection` says the node runs with its development flag.
 */
export function sharedApolloOptions<TContext extends GuardedContext>(options: { logError: (error: unknown) => void; anonymousIntrospection: (context: TContext) => boolean }) {
  return {
    validationRules: [queryLimitsRule],
    parseOptions: { maxTokens: MAX_TOKENS },
    // automatic persisted queries would let a hash stand for a text the gate never saw again
    persistedQueries: false as const,
    // no phone-home even when an APOLLO_KEY happens to be in the environment: usage and schema
    // reporting to Apollo's cloud are explicitly off (they would otherwise start on that key);
    // no CDN-hosted landing page: the node serves its own offline explorer (src/pages/explorer-page.ts)
    plugins: [
      guardPlugin<TContext>({ anonymousIntrospection: options.anonymousIntrospection }),
      ApolloServerPluginLandingPageDisabled() as ApolloServerPlugin<TContext>,
      ApolloServerPluginUsageReportingDisabled() as ApolloServerPlugin<TContext>,
      ApolloServerPluginSchemaReportingDisabled() as ApolloServerPlugin<TContext>,
    ],
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    formatError: (formatted: GraphQLFormattedError, error: unknown) => formatError(formatted, error, options.logError),
    introspection: true,
    // main.ts owns the signals: Apollo's own handlers would stop it and re-raise mid-drain
    stopOnTerminationSignals: false,
  };
}

export function createApolloServer(options: { logError: (error: unknown) => void; introspection?: boolean; plugins?: ApolloServerPlugin<GraphQLContext>[] }): ApolloServer<GraphQLContext> {
  const anonymousIntrospection = options.introspection ?? false;
  const shared = sharedApolloOptions<GraphQLContext>({ logError: options.logError, anonymousIntrospection: () => anonymousIntrospection });
  return new ApolloServer<GraphQLContext>({
    typeDefs: loadTypeDefs(),
    resolvers,
    ...shared,
    plugins: [...shared.plugins, ...(options.plugins ?? [])],
  });
}
