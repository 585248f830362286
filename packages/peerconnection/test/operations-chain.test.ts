import { OperationsChain } from '../src/operations-chain';

function makeChain(state = { closed: false, empties: 0 }) {
  const chain = new OperationsChain({
    isClosed: () => state.closed,
    closedError: () => new DOMException('closed', 'InvalidStateError'),
    onEmpty: () => state.empties++,
  });
  return { chain, state };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('operations chain (webrtc-pc "chain an operation")', () => {
  test('the first operation runs synchronously when the chain is empty', () => {
    const { chain } = makeChain();
    let ran = false;
    void chain.chain(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  test('a second operation waits until the first one settled', async () => {
    const { chain } = makeChain();
    const first = deferred<number>();
    const order: string[] = [];
    const p1 = chain.chain(() => first.promise);
    const p2 = chain.chain(async () => {
      order.push('second ran');
      return 2;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    first.resolve(1);
    expect(await p1).toBe(1);
    expect(await p2).toBe(2);
    expect(order).toEqual(['second ran']);
  });

  test('a rejected operation rejects its promise and lets the next one run', async () => {
    const { chain } = makeChain();
    const p1 = chain.chain(() => Promise.reject(new Error('boom')));
    const p2 = chain.chain(async () => 'ok');
    await expect(p1).rejects.toThrow('boom');
    await expect(p2).resolves.toBe('ok');
  });

  test('an operation that throws synchronously is treated as rejected', async () => {
    const { chain } = makeChain();
    const p = chain.chain(() => {
      throw new TypeError('sync');
    });
    await expect(p).rejects.toThrow(TypeError);
  });

  test('chaining on a closed connection rejects with InvalidStateError without running', async () => {
    const { chain, state } = makeChain();
    state.closed = true;
    let ran = false;
    const p = chain.chain(async () => {
      ran = true;
    });
    await expect(p).rejects.toMatchObject({ name: 'InvalidStateError' });
    expect(ran).toBe(false);
  });

  test('length counts queued operations until each promise settled', async () => {
    const { chain } = makeChain();
    const d = deferred<void>();
    void chain.chain(() => d.promise);
    void chain.chain(async () => undefined);
    expect(chain.length).toBe(2);
    d.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(chain.length).toBe(0);
  });

  test('onEmpty runs once the last operation settled, not in between', async () => {
    const { chain, state } = makeChain();
    const p1 = chain.chain(async () => 1);
    const p2 = chain.chain(async () => 2);
    await p1;
    expect(state.empties).toBe(0);
    await p2;
    await new Promise((r) => setTimeout(r, 0));
    expect(state.empties).toBe(1);
  });

  test('when the connection closes mid-operation the promise never settles', async () => {
    const { chain, state } = makeChain();
    const d = deferred<number>();
    let settled = false;
    chain.chain(() => d.promise).then(
      () => (settled = true),
      () => (settled = true),
    );
    state.closed = true;
    d.resolve(1);
    await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false);
  });

  test("the caller's reactions run before the next operation starts", async () => {
    const { chain } = makeChain();
    const order: string[] = [];
    chain.chain(async () => 1).then(() => order.push('reaction 1'));
    void chain.chain(async () => {
      order.push('op 2');
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['reaction 1', 'op 2']);
  });
});
