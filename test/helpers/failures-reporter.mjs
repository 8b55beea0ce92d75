// A node:test reporter that prints nothing until the run ends, then names
// every failed test with its file and the first lines of its error. It runs
// after the TAP reporter, so the last screen of a long run's log says what
// failed without searching the thousands of lines above it.

const ERROR_LINES = 6;

function errorText(error) {
  const cause = error?.cause ?? error;
  const text = cause instanceof Error ? (cause.stack ?? String(cause)) : String(cause);
  return text.split('\n').slice(0, ERROR_LINES).map((line) => `    ${line}`).join('\n');
}

function isOwnFailure(data) {
  // A suite or file whose only fault is a failed subtest is named through that subtest.
  return data.details?.error?.failureType !== 'subtestsFailed';
}

export default async function* failuresReporter(source) {
  const failures = [];
  for await (const event of source) {
    if (event.type === 'test:fail' && isOwnFailure(event.data)) {
      failures.push(`${event.data.file ?? '?'}\n  ${event.data.name}\n${errorText(event.data.details?.error)}`);
    }
  }
  if (failures.length === 0) return;
  yield `\n# ${failures.length} failed:\n${failures.join('\n')}\n`;
}
