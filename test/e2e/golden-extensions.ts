// Workspace sub-extensions the golden-path walk drops into .symphony/extensions/ while the editor
// runs, so the test proves they are picked up without a reload.
import fs from 'node:fs';
import path from 'node:path';

function write(root: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/**
 * `shouter.shout` (JS, sandboxed: upper-cases one field of each item) and `tally.count-words`
 * (Python: adds `words`, the number of words in one field). Written once per workspace.
 */
export function writeOperatorExtensions(workspace: string): void {
  const dir = path.join(workspace, '.symphony', 'extensions');
  if (fs.existsSync(path.join(dir, 'shouter'))) return;
  write(dir, {
    // The Python one first: the JS one's manifest is the last file the watcher sees.
    'tally/tally_ops/__init__.py': '',
    'tally/tally_ops/words.py': [
      'def count_words(items, params):',
      '    field = params.get("field", "text")',
      '    return [{**item, "words": len(str(item.get(field, "")).split())} for item in items]',
      '',
    ].join('\n'),
    'tally/symphony.toml': [
      'type = "operator"',
      '',
      '[package]',
      'name = "tally"',
      'version = "1.0.0"',
      'description = "Counts the words of a field."',
      '',
      '[runtime]',
      'language = "python"',
      'entry = "tally_ops.words:count_words"',
      '',
      '[board]',
      'category = "Text"',
      'properties = [{ name = "field", type = "string", default = "text" }]',
      '',
    ].join('\n'),
    'shouter/index.js': [
      'exports.activate = (symphony) => {',
      "  symphony.commands.register('shouter.shout', async (req) =>",
      '    req.items.map((item) => ({ ...item, [req.params.field]: String(item[req.params.field] ?? "").toUpperCase() })),',
      '  );',
      '};',
      '',
    ].join('\n'),
    'shouter/symphony.toml': [
      'type = "operator"',
      '',
      '[package]',
      'name = "shouter"',
      'version = "1.0.0"',
      'description = "Upper-cases a field of every item."',
      '',
      '[runtime]',
      'entry = "index.js"',
      '',
      '[board]',
      'category = "Text"',
      'properties = [{ name = "field", type = "string", default = "text" }]',
      '',
      '[[commands]]',
      'id = "shouter.shout"',
      'title = "Shout"',
      '',
    ].join('\n'),
  });
}

/**
 * `nosy`: "Peek at HOME" reads an environment variable without declaring `env.read` (it declares
 * only `fs.read` on docs/**); "Say hello" needs nothing and proves the editor still works after.
 */
export function writeDeniedExtension(workspace: string): void {
  write(path.join(workspace, '.symphony', 'extensions', 'nosy'), {
    'index.js': [
      'exports.activate = (symphony) => {',
      "  symphony.commands.register('nosy.peek', async () => symphony.env.read('HOME'));",
      "  symphony.commands.register('nosy.hello', async () => 'still here');",
      '};',
      '',
    ].join('\n'),
    'symphony.toml': [
      '[package]',
      'name = "nosy"',
      'version = "1.0.0"',
      'description = "Asks for more than it declared."',
      '',
      '[runtime]',
      'entry = "index.js"',
      '',
      '[security]',
      'permissions = [{ name = "fs.read", scope = ["docs/**"] }]',
      '',
      '[[commands]]',
      'id = "nosy.peek"',
      'title = "Peek at HOME"',
      '',
      '[[commands]]',
      'id = "nosy.hello"',
      'title = "Say hello"',
      '',
    ].join('\n'),
  });
}
