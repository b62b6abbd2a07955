/** A one-line progress display: rows done, rate and time left (plain lines when not a terminal). */
export class Progress {
  private done = 0;
  private readonly started = Date.now();
  private lastPrint = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {
    this.print(true);
  }

  tick(n: number) {
    this.done += n;
    this.print(false);
  }

  finish(): number {
    this.done = this.total;
    this.print(true);
    if (process.stderr.isTTY) process.stderr.write('\n');
    return (Date.now() - this.started) / 1000;
  }

  private print(force: boolean) {
    const now = Date.now();
    const tty = process.stderr.isTTY;
    if (!force && now - this.lastPrint < (tty ? 200 : 5000)) return;
    this.lastPrint = now;
    const secs = Math.max(0.001, (now - this.started) / 1000);
    const rate = this.done / secs;
    const pct = this.total ? Math.min(100, (100 * this.done) / this.total) : 100;
    const eta = rate > 0 ? (this.total - this.done) / rate : 0;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    const line = `${this.label.padEnd(18)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct.toFixed(0).padStart(3)}% ${fmt(this.done)}/${fmt(this.total)}  ${fmt(Math.round(rate))}/s  ${secs.toFixed(0)}s elapsed, ~${eta.toFixed(0)}s left`;
    process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  }
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
