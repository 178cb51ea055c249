// Admission of work that holds a scarce resource (a Temporal round trip, a worker's attention):
// at most `limit` at once, at most `queue` waiting, and none waiting longer than `waitMs`. What
// cannot be admitted is refused at once — the caller answers 503 with Retry-After — so under
// overload the API sheds load instead of letting every request time out, and the latency of
// what it admits stays bounded.

export interface AdmissionLimits {
  limit: number;
  queue: number;
  waitMs: number;
}

export type Refusal = 'queue_full' | 'waited_too_long';

export class AdmissionRefused extends Error {
  constructor(readonly reason: Refusal) {
    super(`not admitted: ${reason}`);
  }
}

export class Admission {
  private running = 0;
  private readonly waiting: { admit: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(private readonly limits: AdmissionLimits) {}

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `work` once admitted; throws AdmissionRefused (without running it) when it cannot be. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  private enter(): Promise<void> {
    if (this.running < this.limits.limit) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.limits.queue) return Promise.reject(new AdmissionRefused('queue_full'));
    return new Promise((resolve, reject) => {
      const entry = {
        admit: () => {
          clearTimeout(entry.timer);
          this.running++;
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(new AdmissionRefused('waited_too_long'));
        }, this.limits.waitMs),
      };
      this.waiting.push(entry);
    });
  }

  private leave(): void {
    this.running--;
    this.waiting.shift()?.admit();
  }
}
