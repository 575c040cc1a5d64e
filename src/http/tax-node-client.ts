// The TaxNodeClient port over HTTP: the platform's replicator and reconciliation reach the tax
// node through this, and never see a status code (the mapping is src/http/tax-node-protocol.ts).
import { DomainError } from '../domain/index.js';
import type { BlockOutcome, BlockSubmission, HeldStatus, TaxNodeClient } from '../replication/protocol.js';
import { BLOCKS_PATH, STATUS_PATH, blockOutcomeFromHttp, encodeBlockRequest, statusFromHttp, type StatusRequestBody } from './tax-node-protocol.js';

export interface HttpTaxNodeClientOptions {
  /** How long one request may take before it counts as unanswered (default 10 s). */
  readonly requestTimeoutMs?: number;
}

export class HttpTaxNodeClient implements TaxNodeClient {
  private readonly timeoutMs: number;

  constructor(private readonly baseUrl: string, options: HttpTaxNodeClientOptions = {}) {
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  async pushBlock(block: BlockSubmission): Promise<BlockOutcome> {
    const answer = await this.post(BLOCKS_PATH, encodeBlockRequest(block));
    const read = blockOutcomeFromHttp(answer.status, answer.body);
    if ('outcome' in read) return read.outcome;
    throw new DomainError('TAX_NODE.UNAVAILABLE', read.problem, { status: answer.status });
  }

  async status(origin: string, size: number): Promise<HeldStatus> {
    const request: StatusRequestBody = { origin, size };
    const answer = await this.post(STATUS_PATH, request);
    const held = statusFromHttp(answer.status, answer.body);
    if (held) return held;
    throw new DomainError('TAX_NODE.UNAVAILABLE', `tax node answered ${answer.status} without a status`, { status: answer.status });
  }

  /** One JSON POST; errors carry words of our own, never the underlying error's text (addresses, internals). */
  private async post(pathname: string, body: object): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${pathname}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') throw new DomainError('TAX_NODE.TIMEOUT', `the tax node did not answer within ${Math.round(this.timeoutMs / 1000)} s`);
      throw new DomainError('TAX_NODE.UNREACHABLE', 'the tax node could not be reached');
    }
    try {
      return { status: response.status, body: await response.json() };
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') throw new DomainError('TAX_NODE.TIMEOUT', `the tax node did not answer within ${Math.round(this.timeoutMs / 1000)} s`);
      throw new DomainError('TAX_NODE.BAD_ANSWER', `tax node answered ${response.status} with a body that is not JSON`, { status: response.status });
    }
  }
}
