// The node's limits on what a client sends, as the node serves them at GET /api/config
// (docs/protocol.md). The page refuses in advance what the node would refuse, so nothing typed is
// lost; it keeps no copies of the node's values, so a node configured otherwise is followed.
// Pure: no DOM, no network, so it runs under `node --test`.

/** The counts of GET /api/config the page keeps to. */
const COUNTS = ['maxText', 'maxFrameBytes', 'rateLimit', 'rateBurst', 'heartbeatIntervalMs', 'maxPage', 'maxWatch', 'maxProfileBatch', 'maxDisplayName', 'maxStatusText',
  'maxBio', 'maxReason', 'maxModerationMinutes', 'minPassword', 'maxPassword', 'maxTopic', 'maxRoomsPerSession', 'maxReactions'];

/**
 * The node's answer as the page's limits, frozen: its counts, the edit window `editWindowMs` (0:
 * no edits), and the name rules `userName` and `roomName` ({what, pattern, source}). Throws, naming the field, when one is missing or unusable.
 */
export function parseLimits(config) {
  if (config === null || typeof config !== 'object') throw new Error('the answer is not a JSON object');
  const limits = {};
  for (const key of COUNTS) {
    if (!Number.isSafeInteger(config[key]) || config[key] < 1) throw new Error(`${key} is not a positive whole number`);
    limits[key] = config[key];
  }
  if (limits.minPassword > limits.maxPassword) throw new Error('minPassword is above maxPassword');
  if (!Number.isSafeInteger(config.editWindowMinutes) || config.editWindowMinutes < 0) {
    throw new Error('editWindowMinutes is not a whole number');
  }
  limits.editWindowMs = config.editWindowMinutes * 60_000;
  limits.userName = nameRule('user name', config.userPattern, 'userPattern');
  limits.roomName = nameRule('room name', config.roomPattern, 'roomPattern');
  return Object.freeze(limits);
}

/** A name rule of the node: its pattern must match the whole name, as the node matches it. */
function nameRule(what, source, key) {
  if (typeof source !== 'string' || source === '') throw new Error(`${key} is missing`);
  try {
    return Object.freeze({ what, source, pattern: new RegExp(`^(?:${source})$`, 'u') });
  } catch (e) {
    throw new Error(`${key} is not a pattern this browser understands`);
  }
}

/**
 * Why the node would refuse this value of a field, for people; '' when it would not. The rule is
 * a name rule of parseLimits ({name}), a length ({min, max}, either optional) in code points, or
 * in UTF-16 units for a password ({secret: true}, as the node counts those), or a whole number
 * from 1 ({number: {max, unit}}). An empty value is left to the field's `required`.
 */
export function fieldProblem(value, { name, min, max, secret, number }) {
  if (value === '') return '';
  if (name && !name.pattern.test(value)) return `Not a ${name.what} this server accepts: it must match ${name.source}.`;
  if (number) return numberProblem(value, number);
  const length = secret ? value.length : codePoints(value);
  if (min !== undefined && length < min) return `At least ${min} characters are needed; this is ${length}.`;
  if (max !== undefined && length > max) return `At most ${max} characters are allowed; this is ${length}.`;
  return '';
}

function numberProblem(value, { max, unit }) {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1) return `A whole number of ${unit} from 1 to ${max} is needed.`;
  if (Number(value) > max) return `At most ${max} ${unit} are allowed; this is ${value}.`;
  return '';
}

export function codePoints(text) {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

