/**
 * A result known at once, or a promise of it when a step had to wait (a line for a FIFO without a
 * reader, a command still running after runShell's wait). The hit path stays in one turn of the
 * event loop while every step is done at once, with no promise between.
 */
export type NowOrLater<T> = T | Promise<T>;

/** `then` of the value: in this turn when it is known, else once the promise settles */
export const whenKnown = <T, U>(value: NowOrLater<T>, then: (v: T) => NowOrLater<U>): NowOrLater<U> =>
  value instanceof Promise ? value.then(then) : then(value);
