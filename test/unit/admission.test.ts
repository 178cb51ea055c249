import { Admission, AdmissionRefused } from '../../src/common/admission';

// Load shedding: at most `limit` at once, `queue` waiting, nobody waiting longer than `waitMs`.

const later = () => {
  let done!: () => void;
  const promise = new Promise<void>((r) => (done = r));
  return { promise, done };
};

describe('admission of scarce work', () => {
  it('runs up to the limit at once and queues the rest in arrival order', async () => {
    const gate = new Admission({ limit: 2, queue: 5, waitMs: 1000 });
    const order: number[] = [];
    const holds = [later(), later(), later()];
    const runs = holds.map((h, i) => gate.run(async () => (order.push(i), h.promise)));
    await Promise.resolve();
    expect([gate.inFlight, gate.queued]).toEqual([2, 1]);
    holds[0].done();
    await runs[0];
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1, 2]);
    holds[1].done();
    holds[2].done();
    await Promise.all(runs);
    expect([gate.inFlight, gate.queued]).toEqual([0, 0]);
  });

  it('refuses at once when the queue is full, without running the work', async () => {
    const gate = new Admission({ limit: 1, queue: 1, waitMs: 1000 });
    const hold = later();
    const first = gate.run(() => hold.promise);
    const second = gate.run(() => Promise.resolve('second'));
    let ran = false;
    await expect(
      gate.run(() => {
        ran = true;
        return Promise.resolve();
      }),
    ).rejects.toEqual(new AdmissionRefused('queue_full'));
    expect(ran).toBe(false);
    hold.done();
    await first;
    await expect(second).resolves.toBe('second');
  });

  it('refuses work that waited longer than the bound, and frees its place in the queue', async () => {
    const gate = new Admission({ limit: 1, queue: 1, waitMs: 20 });
    const hold = later();
    const first = gate.run(() => hold.promise);
    await expect(gate.run(() => Promise.resolve())).rejects.toMatchObject({ reason: 'waited_too_long' });
    expect(gate.queued).toBe(0);
    hold.done();
    await first;
    await expect(gate.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('frees the place of work that failed', async () => {
    const gate = new Admission({ limit: 1, queue: 0, waitMs: 10 });
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(() => Promise.resolve(1))).resolves.toBe(1);
  });
});
