// The last express error handler of both nodes. Body-parser failures and anything unexpected
// answer JSON with a fixed message per status: the parser's own text (which quotes the body
// and names positions) or a server path never reaches the client. 5xx are logged.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

interface Answer {
  readonly code: string;
  readonly message: string;
}

/** body-parser's error types (the `type` property of its http-errors) we answer precisely. */
const BY_TYPE: Readonly<Record<string, Answer>> = {
  'entity.parse.failed': { code: 'BAD_REQUEST', message: 'the request body is not valid JSON' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: 'the request body is too large' },
  'encoding.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'the request body\'s content encoding is not supported' },
  'charset.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'the request body\'s charset is not supported' },
  'entity.too.deep': { code: 'BAD_REQUEST', message: 'the request body nests JSON too deeply' },
  'request.aborted': { code: 'BAD_REQUEST', message: 'the request was aborted' },
  'request.size.invalid': { code: 'BAD_REQUEST', message: 'the request body does not match its Content-Length' },
};

const BY_STATUS: Readonly<Record<number, Answer>> = {
  400: { code: 'BAD_REQUEST', message: 'the request could not be read' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'the request body is too large' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'the request body\'s media type is not supported' },
};

const INTERNAL: Answer = { code: 'INTERNAL', message: 'Internal server error' };

function statusOf(error: unknown): number {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode : undefined;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
}

/** The JSON answer `{ error: { code, message } }` for an error that reached express. */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error); // express closes the connection; nothing more can be said
      return;
    }
    const status = statusOf(error);
    if (status >= 500) logger.error({ err: error, reqId: res.locals['reqId'] }, 'request failed');
    const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
    const answer = status >= 500 ? INTERNAL : (typeof type === 'string' ? BY_TYPE[type] : undefined) ?? BY_STATUS[status] ?? { code: 'BAD_REQUEST', message: 'the request could not be handled' };
    res.status(status).json({ error: answer });
  };
}
