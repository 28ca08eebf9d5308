/**
 * The one error type of `portsentry render`: its message is complete (it names the file, variable or
 * flag at fault, what was expected and what was found) and is printed as it is, without a stack.
 */
export class RenderError extends Error {
  override name = 'RenderError';
}
