// The JSON body parser of POST /graphql: one limit for requests with an Authorization header,
// a smaller one without, and JSON nested too deeply refused before JSON.parse. JSON.parse is
// linear but not free (600 KB of `[[[…]]]`: 0.28 s, measured), so an anonymous caller gets
// little to make it parse.
import express, { type RequestHandler } from 'express';
import { refuseDeepJson } from './json-depth.js';

/** Limits in body-parser's notation ('1mb', '64kb'). */
export function graphqlBodyParser(limits: { authenticated: string; anonymous: string }): RequestHandler {
  const authenticated = express.json({ limit: limits.authenticated, verify: refuseDeepJson });
  const anonymous = express.json({ limit: limits.anonymous, verify: refuseDeepJson });
  return (req, res, next) => {
    (req.get('Authorization') ? authenticated : anonymous)(req, res, next);
  };
}
