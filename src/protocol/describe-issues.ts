// Turns zod issues into one line naming each field path and the rule it broke, because zod/mini
// ships no error texts ("Invalid input") and developers need to see which field failed.

interface IssueLike {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  expected?: unknown;
  values?: ReadonlyArray<unknown>;
  minimum?: unknown;
  maximum?: unknown;
  keys?: ReadonlyArray<string>;
  inclusive?: boolean;
}

function describeRule(issue: IssueLike): string {
  switch (issue.code) {
    case 'invalid_type':
      return 'expected ' + String(issue.expected);
    case 'invalid_value':
      return 'expected one of ' + (issue.values || []).map((value) => JSON.stringify(value)).join(', ');
    case 'too_small':
      return (issue.inclusive === false ? 'must be more than ' : 'must be at least ') + String(issue.minimum);
    case 'too_big':
      return (issue.inclusive === false ? 'must be less than ' : 'must be at most ') + String(issue.maximum);
    case 'unrecognized_keys':
      return 'unknown keys ' + (issue.keys || []).join(', ');
    default:
      return issue.message;
  }
}

/** "payload.area.width: expected number; payload.png: expected a Uint8Array" (first five issues). */
export function describeIssues(issues: ReadonlyArray<IssueLike>, root: string): string {
  return issues
    .slice(0, 5)
    .map((issue) => [root].concat(issue.path.map((key) => String(key))).join('.') + ': ' + describeRule(issue))
    .join('; ');
}
