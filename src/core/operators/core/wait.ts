import { defineOperator } from '../operator-registry';
import { type Item, OperatorError } from '../operator';
import { abortableDelay } from './abort';

const UNIT_MS: Record<string, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** `core.wait` — pauses the branch for a time (or until a moment), then passes the items on. */
export const waitOperator = defineOperator(
  {
    id: 'core.wait',
    displayName: 'Wait',
    description: 'Waits for an amount of time, or until a date and time, then passes the items through.',
    category: 'Flow',
    icon: 'watch',
    params: [
      { name: 'resume', displayName: 'Resume', type: 'options', default: 'timeInterval', options: [{ value: 'timeInterval', label: 'After a time interval' }, { value: 'specificTime', label: 'At a specified time' }] },
      { name: 'amount', displayName: 'Amount', type: 'number', default: 1, min: 0, showWhen: { resume: ['timeInterval'] } },
      { name: 'unit', displayName: 'Unit', type: 'options', default: 'seconds', options: Object.keys(UNIT_MS).map((value) => ({ value })), showWhen: { resume: ['timeInterval'] } },
      { name: 'dateTime', displayName: 'Date and time', type: 'string', default: '', description: 'ISO 8601, e.g. 2026-01-31T09:00:00Z.', showWhen: { resume: ['specificTime'] } },
    ],
    docs: 'Cancelling the run ends the wait at once. Waiting for a webhook or a form (n8n\'s other resume modes) is not available.',
  },
  async (ctx, inputs, signal) => {
    const resume = ctx.param<string>('resume', 0, 'timeInterval');
    let ms: number;
    if (resume === 'timeInterval') {
      const amount = Number(ctx.param('amount', 0, 1));
      const unit = ctx.param<string>('unit', 0, 'seconds');
      if (!Number.isFinite(amount) || amount < 0) throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": amount must be a number ≥ 0, not ${JSON.stringify(ctx.param('amount', 0))}.`);
      if (!(unit in UNIT_MS)) throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": unit must be one of ${Object.keys(UNIT_MS).join(', ')}, not "${unit}".`);
      ms = amount * UNIT_MS[unit]!;
    } else if (resume === 'specificTime') {
      const at = Date.parse(String(ctx.param('dateTime', 0, '')));
      if (Number.isNaN(at)) throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": dateTime ${JSON.stringify(ctx.param('dateTime', 0))} is not a date; write ISO 8601 such as 2026-01-31T09:00:00Z.`);
      ms = Math.max(0, at - Date.now());
    } else {
      throw new OperatorError('Unsupported', `Node "${ctx.nodeName}": resume "${resume}" (webhook or form) is not supported; use "timeInterval" or "specificTime".`);
    }
    ctx.progress(0, `waiting ${Math.round(ms / 1000)} s`);
    await abortableDelay(ms, signal);
    return [(inputs[0] ?? []).map((item, i): Item => ({ ...item, pairedItem: { item: i } }))];
  },
);
