/**
 * A pchar's rows above the one typed on (a footer under a menu) go with the
 * message: the original client prints the message and hands the pchar to
 * Python 2's raw_input, which cannot write a character beyond ASCII, where
 * print can.
 */
export function promptParts(text: string, pchar: string): { msg: string; pchar: string } {
  const cut = pchar.lastIndexOf('\n');
  if (cut < 0) return { msg: text, pchar };
  const above = pchar.slice(0, cut);
  return { msg: text === '' ? above : text.endsWith('\n') ? text + above : `${text}\n${above}`, pchar: pchar.slice(cut + 1) };
}
