/**
 * Generates docs/operators.md from the description of every operator that createDefaultRegistry()
 * registers: id, display name, category, ports, parameters (type, default, description),
 * permissions and docs text. The description is the source of truth; a test fails when the
 * committed file differs from this output.
 *
 *   npx tsx scripts/generate-operator-docs.ts           write docs/operators.md
 *   npx tsx scripts/generate-operator-docs.ts --check   exit 1 when docs/operators.md is stale
 */
import fs from 'node:fs';
import path from 'node:path';
import { createDefaultRegistry } from '../src/core/conductor/default-registry';
import type { JsonValue, OperatorDescription, ParamDescription, PortDescription } from '../src/core/operators/operator';

const root = path.resolve(__dirname, '..');
export const OPERATOR_DOCS_FILE = 'docs/operators.md';
const COMMAND = 'npx tsx scripts/generate-operator-docs.ts';

/** Categories in the order a reader meets them; any other category follows, alphabetically. */
const CATEGORY_ORDER = ['Triggers', 'Flow', 'Data transformation', 'Files', 'Git', 'Build', 'Network', 'Database', 'AI'];

/**
 * Prose that adds to an operator's description: behaviour worth a paragraph (n8n's conversion
 * rules, merge modes…). It belongs in the description's `docs` in time; until then it lives here
 * so the page stays generated.
 */
const OPERATOR_NOTES: Record<string, string> = {
  'core.manual-trigger': "n8n's *Manual Trigger* node.",
  'core.noop': "n8n's *No Operation* node.",
  'core.set': `n8n's *Edit Fields (Set)* node. Values are converted to their declared type as n8n does:
\`"36"\` → \`36\`, \`"true"\`/\`"1"\` → \`true\`, a JSON (or single-quoted) text → array, a JSON or
JavaScript object text (\`{ a: 1 }\`) → object, anything → string (objects as JSON); a missing value
is \`null\` whatever the type. A value that does not convert fails the node:
\`'age' expects a number but we got 'old' [item 0]\`. With \`include: "selected"\` a nested \`a.b\`
is kept as \`b\`, as in n8n. In JSON mode (\`mode: "raw"\`) each \`{{ }}\` is replaced by its value
before parsing, objects and arrays written as JSON. \`fields\` is Symphony's shorthand: a plain
\`name → value\` map set without conversion.

\`\`\`json
{ "id": "price", "operator": "core.set", "params": {
  "includeOtherFields": true,
  "assignments": { "assignments": [
    { "name": "total", "type": "number", "value": "={{ $json.qty * $json.unitPrice }}" },
    { "name": "tags", "type": "array", "value": "[\\"new\\", \\"sale\\"]" } ] } } }
\`\`\``,
  'core.if': `n8n's *If* node. Conditions use n8n's format, shared with \`core.filter\` and \`core.switch\`:

\`\`\`json
{ "conditions": {
    "options": { "caseSensitive": true, "typeValidation": "strict" },
    "conditions": [ { "leftValue": "={{ $json.score }}", "rightValue": 50,
                      "operator": { "type": "number", "operation": "gt" } } ],
    "combinator": "and" } }
\`\`\`

Types and operations are n8n's (string: \`equals\`, \`contains\`, \`startsWith\`, \`regex\`…; number:
\`gt\`, \`gte\`, \`lt\`…; boolean: \`true\`, \`false\`, \`equals\`; dateTime, array, object;
\`exists\`/\`empty\` for all). Each item's conditions are evaluated against that item. As in n8n's
engine, only the condition set's own \`options\` say how to compare; the node's "Ignore Case" and
"Convert types" settings are kept for export (n8n's editor copies them into those options).`,
  'core.filter': "n8n's *Filter* node: keeps the items that pass the conditions; see `core.if` for their format.",
  'core.switch': `n8n's *Switch* node (versions 3 and later). In \`rules\` mode, \`rules.values\` is a list of
\`{ conditions, renameOutput, outputKey }\` (conditions as in \`core.if\`); rule k sends its items to
output \`k\` (the board shows \`outputKey\`). An item goes to the first matching rule, or to all with
\`options.allMatchingOutputs\`. Items matching nothing are dropped, unless
\`options.fallbackOutput\` is \`"extra"\` (one more output at the end) or an output index. In
\`expression\` mode, \`output\` is evaluated per item to an output index in \`0 … numberOutputs-1\`.`,
  'core.merge': `n8n's *Merge* node; inputs are \`input1\`, \`input2\` (… \`inputN\` with \`numberInputs\`).

| \`mode\` | result |
| --- | --- |
| \`append\` (default) | input 1's items, then input 2's (… input N's) |
| \`combine\` + \`combineBy: combineByFields\`, or \`by-key\` | items matched on \`fieldsToMatchString\` (\`"id, email"\`) or, with \`advanced\`, \`mergeByFields.values: [{ field1, field2 }]\` |
| \`combine\` + \`combineBy: combineByPosition\` | item k of each input merged; \`options.includeUnpaired\` keeps the longer tail |
| \`combine\` + \`combineBy: combineAll\` | every pair of input-1 and input-2 items |
| \`chooseBranch\`, or \`wait-all\` | waits for every input, outputs input \`useDataOfInput\` (1-based) or, with \`output: "empty"\`, one empty item |

Matching by fields (\`joinMode\`), as n8n 3.x does it: \`keepMatches\` (default) outputs one merged
item per matching pair, in input-1 order; \`outputDataFrom\` \`input1\`/\`input2\` outputs the matched
items of that input, unmerged. \`keepNonMatches\` outputs the unmatched items (with \`_source\` when
both sides are kept), \`keepEverything\` the merged pairs then the unmatched of input 1 and 2,
\`enrichInput1\` the merged pairs then input 1's unmatched items, \`enrichInput2\` the merged pairs
(input 1's values win unless told otherwise) then input 2's unmatched items. When fields clash
input 2 wins; \`options.clashHandling.values.resolveClash\` can say \`preferInput1\` or \`addSuffix\`
(\`name_1\`, \`name_2\`), and \`mergeMode\` \`shallowMerge\` replaces nested objects instead of merging
them. \`options.fuzzyCompare\` matches \`"1"\` with \`1\`; \`options.multipleMatches: "first"\` uses only
the first match. When one input is empty, \`keepMatches\` (and enriching the empty input) outputs
nothing and the other join modes output the items of the other input.`,
  'core.sort': `n8n's *Sort* node. \`sortFieldsUi.sortField: [{ fieldName, order }]\` (\`ascending\`/\`descending\`);
later fields break ties, strings compare without case, and items that compare equal keep their
input order. A field that no item has fails the node. \`type: "random"\` shuffles.`,
  'core.limit': "n8n's *Limit* node: keeps `maxItems` items, the first or, with `keep: \"lastItems\"`, the last.",
  'core.split': `n8n's *Split Out* node. \`fieldToSplitOut\` names the array field (dot paths reach nested
fields; several comma-separated fields are split side by side). Object elements become the item
itself; other elements go under the field's name, or \`options.destinationFieldName\`. \`include\`
keeps \`noOtherFields\` (default), \`allOtherFields\` or \`selectedOtherFields\` (\`fieldsToInclude\`,
added after the split values under the name as written). A missing field gives no items; a scalar
gives one.`,
  'core.aggregate': `n8n's *Aggregate* node. \`aggregate: "aggregateIndividualFields"\` (default) builds one list per
entry of \`fieldsToAggregate.fieldToAggregate: [{ fieldToAggregate, renameField, outputFieldName }]\`,
skipping null and missing values unless \`options.keepMissing\`; \`options.mergeLists\` flattens array
values. \`aggregate: "aggregateAllItemData"\` puts every item's json into \`destinationFieldName\`
(default \`data\`), optionally only \`specifiedFields\` or \`allFieldsExcept\` (top-level field names;
items left empty are dropped). A renamed output with a dot path (\`stats.values\`) nests. The single
output item is paired with the input items it holds data of.`,
  'core.remove-duplicates': `n8n's *Remove Duplicates* node. Compares \`allFields\` (default), \`allFieldsExcept\`
(\`fieldsToExclude\`) or \`selectedFields\` (\`fieldsToCompare\`); the first occurrence stays, order is
kept. As in n8n, fields compare by their leaf paths (\`user.name\`), and every compared field must be
present in every item with one type across items (null fits any), otherwise the node fails saying
which field.`,
  'core.rename-keys': `n8n's *Rename Keys* node. Applies \`keys.key: [{ currentKey, newKey }]\` (dot paths allowed;
missing keys are left alone), then \`additionalOptions.regexReplacement.replacements: [{ searchRegex,
replaceRegex, options: { caseInsensitive, depth } }]\` (depth -1: every level).`,
  'core.wait': `n8n's *Wait* node. \`resume: "timeInterval"\` waits \`amount\` \`unit\`s (\`seconds\` by default; an
imported n8n Wait keeps n8n's default, hours), \`resume: "specificTime"\` waits until \`dateTime\`.
Cancelling the run ends the wait at once. n8n's webhook and form resumes are not available.`,
};

const INTRO = `# Operators

<!-- Generated from each operator's description by ${COMMAND}.
     Do not edit: change the description (or the notes in that script) and run it again. -->

An operator is one kind of node in a melody: a description (id, ports, parameters, permissions)
plus the code that turns the items arriving on its input ports into items on its output ports.
Items are JSON objects, as in n8n; every port carries a list of them. The board's palette, the
parameter form, melody validation, **Symphony: Run Operator…** and this page all read the same
descriptions.

- **Expressions.** A parameter value that starts with \`=\` is an expression
  (\`={{ $json.price * 2 }}\`), evaluated for each item. See [expressions.md](expressions.md).
- **Lineage.** Every operator pairs each output item with the input item it came from
  (\`pairedItem\`), which is what \`$('Node').item\` follows downstream.
- **Cancellation and errors.** Operators stop between items when a run is cancelled. Their errors
  name the node, the parameter and what to change.
- **Paths** are relative to the workspace folder (the folder \`symphony run\` is started in); a path
  that leads outside it is refused.
- **Permissions** list what an operator touches (\`fs.read\`, \`fs.write\`, \`net.http\`,
  \`process.spawn\`, \`ai.invoke\`, \`env.read\`); see [security.md](security.md).
- **Secrets** (API keys, connection URLs) are named, never written into a melody: **Symphony: Set
  Secret…** stores them in VS Code; the CLI reads \`SYMPHONY_SECRET_<NAME>\` from the environment.
- **n8n.** The \`core.*\` operators follow n8n's nodes of the same purpose, with n8n's parameter
  names, so a node copied from n8n's JSON works unchanged and an imported workflow gives n8n's
  items; see [n8n.md](n8n.md).

Operators contributed by sub-extensions (\`<extension>.<operator>\`, in JavaScript or Python) appear
on the board next to these; see [writing-an-extension.md](writing-an-extension.md) and
[python-operators.md](python-operators.md).
`;

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

/** Inline code that survives backticks inside the value. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return fence === '``' ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function json(value: JsonValue): string {
  return code(JSON.stringify(value, null, 1).replace(/\n\s*/g, ' '));
}

/** The anchor GitHub and VS Code's preview give a heading: lower case, punctuation dropped, spaces as dashes. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

function heading(d: OperatorDescription): string {
  return `${code(d.id)} — ${d.displayName}`;
}

function ports(list: PortDescription[]): string {
  if (!list.length) return 'none';
  return list.map((p) => `${code(p.name)} (${p.type}${p.required ? ', required' : ''})`).join(', ');
}

function typeOf(p: ParamDescription): string {
  let type = p.type === 'collection' && p.multiple ? 'collection (list)' : p.type;
  if (p.language) type += ` (${p.language})`;
  return type;
}

function defaultOf(p: ParamDescription): string {
  if (p.required && p.default === undefined) return 'required';
  if (p.default === undefined) return '—';
  return json(p.default);
}

/** "a", "a or b", "a, b or c". */
function oneOf(list: string[]): string {
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}` : (list[0] ?? '');
}

/** What a reader needs beside the description: allowed values, range, when it applies. */
function meaningOf(p: ParamDescription): string {
  const parts: string[] = [];
  if (p.displayName && p.displayName !== p.name) parts.push(`**${p.displayName}.**`);
  if (p.description) parts.push(p.description.trim());
  if (p.options?.length) {
    const values = p.options.map((o) => {
      const label = [o.label && o.label !== String(o.value) ? o.label : '', o.description ?? ''].filter(Boolean).join(': ');
      return label ? `${code(String(o.value))} (${label})` : code(String(o.value));
    });
    parts.push(`One of ${values.join(', ')}.`);
  }
  if (p.min !== undefined && p.max !== undefined) parts.push(`From ${p.min} to ${p.max}.`);
  else if (p.min !== undefined) parts.push(`At least ${p.min}.`);
  else if (p.max !== undefined) parts.push(`At most ${p.max}.`);
  if (p.placeholder) parts.push(`e.g. ${code(p.placeholder)}`);
  if (p.showWhen) {
    const when = Object.entries(p.showWhen).map(([name, values]) => `${code(name)} is ${oneOf(values.map((v) => code(String(v))))}`);
    parts.push(`Applies when ${when.join(' and ')}.`);
  }
  return parts.join(' ');
}

/** One row per parameter; the fields of a collection follow as `parent.field` rows. */
function paramRows(params: ParamDescription[], prefix = ''): string[] {
  return params.flatMap((p) => [
    `| ${code(prefix + p.name)} | ${cell(typeOf(p))} | ${cell(defaultOf(p))} | ${cell(meaningOf(p))} |`,
    ...(p.fields?.length ? paramRows(p.fields, `${prefix}${p.name}${p.multiple ? '[]' : ''}.`) : []),
  ]);
}

function section(d: OperatorDescription): string {
  const lines = [`### ${heading(d)}`, ''];
  if (d.description) lines.push(d.description.trim(), '');
  lines.push(
    `- **Category:** ${d.category} · **version** ${d.version}`,
    `- **Inputs:** ${ports(d.inputs)} · **outputs:** ${ports(d.outputs)}`,
    `- **Permissions:** ${d.permissions.length ? d.permissions.map(code).join(', ') : 'none'}`,
    `- **Runs:** ${d.availability === 'editor' ? 'in VS Code only; the CLI stops with a message saying so' : 'in VS Code and in the `symphony` CLI'}`,
    '',
  );
  if (d.params.length) {
    lines.push('| parameter | type | default | meaning |', '| --- | --- | --- | --- |', ...paramRows(d.params), '');
  } else {
    lines.push('No parameters.', '');
  }
  if (d.docs) lines.push(d.docs.trim(), '');
  const notes = OPERATOR_NOTES[d.id];
  if (notes) lines.push(notes.trim(), '');
  return lines.join('\n');
}

function byCategory(descriptions: OperatorDescription[]): Array<[string, OperatorDescription[]]> {
  const groups = new Map<string, OperatorDescription[]>();
  for (const d of descriptions) groups.set(d.category, [...(groups.get(d.category) ?? []), d]);
  const rank = (c: string) => (CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : CATEGORY_ORDER.length);
  return [...groups].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([c, list]) => [c, list.sort((x, y) => x.id.localeCompare(y.id))]);
}

/** The whole of docs/operators.md for these descriptions (default: the CLI's registry). */
export function renderOperatorDocs(descriptions: OperatorDescription[] = createDefaultRegistry().descriptions()): string {
  const groups = byCategory(descriptions);
  const index = ['## Index', '', '| category | operators |', '| --- | --- |'];
  for (const [category, list] of groups) {
    index.push(`| ${category} | ${list.map((d) => `[${code(d.id)}](#${anchor(heading(d))})`).join(', ')} |`);
  }
  const body = groups.map(([category, list]) => [`## ${category}`, '', ...list.map(section)].join('\n'));
  return `${[INTRO, index.join('\n'), '', ...body].join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function main(check: boolean): number {
  const file = path.join(root, OPERATOR_DOCS_FILE);
  const content = renderOperatorDocs();
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (current === content) return 0;
  if (check) {
    console.error(`${OPERATOR_DOCS_FILE} is out of date; run ${COMMAND}`);
    return 1;
  }
  fs.writeFileSync(file, content);
  console.log(`wrote ${OPERATOR_DOCS_FILE}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.includes('--check'));
