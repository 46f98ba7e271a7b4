/**
 * `target` with the calls of one of its methods counted, and the calls numbered in `failOn`
 * (from 1) throwing instead: for seeing how often code asks a collection, and what it does when
 * a request fails. Every other property is the target's own.
 */
export function countingCalls<T extends object>(
  target: T,
  method: keyof T & string,
  options: { failOn?: number[] } = {},
): { target: T; calls: { count: number } } {
  const calls = { count: 0 };
  const proxy = new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (property === method) {
        return (...args: unknown[]) => {
          calls.count++;
          if (options.failOn?.includes(calls.count)) {
            throw new Error(`${method} failed (simulated, call ${calls.count})`);
          }
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      }
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
  return { target: proxy, calls };
}
