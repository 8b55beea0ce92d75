/**
 * A variable's value that may span rows: a message body, a wrapped chat
 * line, the message of the day, the banner. Every other value is shown as
 * one line whatever it holds, so a value becomes a block only where the code
 * that passes it says so, never because of what a caller typed into it.
 */
export interface TextBlock {
  readonly block: string;
}

export function textBlock(text: string): TextBlock {
  return { block: text };
}

export function isTextBlock(value: unknown): value is TextBlock {
  return typeof value === 'object' && value !== null && typeof (value as { block?: unknown }).block === 'string';
}
