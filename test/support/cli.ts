/** Runs a CLI's `main(argv, io)` in-process with stdout and stderr captured as strings. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

type Main<R> = (argv: string[], io: any) => R;

/** For a synchronous main (review, drift). */
export function runCli(main: Main<number>, argv: string[]): CliRun {
  const { io, result } = capture();
  return result(main(argv, io));
}

/** For an asynchronous main (verify, import). */
export async function runCliAsync(main: Main<Promise<number> | number>, argv: string[]): Promise<CliRun> {
  const { io, result } = capture();
  return result(await main(argv, io));
}

function capture() {
  let out = "";
  let err = "";
  const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } };
  return { io, result: (code: number): CliRun => ({ code, out, err }) };
}
