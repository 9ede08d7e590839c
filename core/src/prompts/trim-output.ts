/**
 * Cuts a long program output to about `maxChars` characters for a prompt, keeping the
 * start (what the program printed first) and, with twice the room, the end (where a
 * traceback names the failure), with a marker saying how much was left out.
 *
 * @example
 * trimOutput("x".repeat(10_000), 1_500); // 500 first chars, a marker, 1,000 last chars
 */
export function trimOutput(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars / 3);
  const tail = maxChars - head;
  const cut = text.length - head - tail;
  return `${text.slice(0, head)}\n… [${cut} characters cut] …\n${text.slice(text.length - tail)}`;
}
