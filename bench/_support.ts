// Shared helpers for benchmarks: percentiles, RSS sampling, formatted rows.
export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i] as number;
}

export class RssSampler {
  peak = process.memoryUsage().rss;
  private readonly timer: NodeJS.Timeout;
  constructor(periodMs = 20) {
    this.timer = setInterval(() => this.sample(), periodMs);
    this.timer.unref();
  }
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** One result line: the figure, its ceiling or target, and whether it meets it. */
export function report(name: string, figure: string, comparedWith: string, pass: boolean): void {
  console.log(`${pass ? 'PASS' : 'MISS'}  ${name.padEnd(44)} ${figure.padEnd(28)} ${comparedWith}`);
}
