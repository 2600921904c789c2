import { memo, useMemo, useState } from 'react';
import type { OperatorDescription } from '../../src/core/operators/operator';
import { VscodeTextfield, valueOf } from './vscode-controls';

/** The drag type that carries an operator id from the palette to the canvas. */
export const OPERATOR_DRAG_TYPE = 'application/x-symphony-operator';

interface PaletteProps {
  operators: readonly OperatorDescription[];
  /** Adds an operator at the centre of the view (Enter or double-click). */
  onAdd(operatorId: string): void;
}

/** Every operator the host knows, grouped by category and searchable. */
export const Palette = memo(function Palette({ operators, onAdd }: PaletteProps) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const matches = operators.filter(
      (o) => !q || o.id.toLowerCase().includes(q) || o.displayName.toLowerCase().includes(q) || o.description.toLowerCase().includes(q) || o.category.toLowerCase().includes(q),
    );
    const byCategory = new Map<string, OperatorDescription[]>();
    for (const o of matches) {
      const list = byCategory.get(o.category);
      if (list) list.push(o);
      else byCategory.set(o.category, [o]);
    }
    return [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, list]) => ({ category, list: list.sort((a, b) => a.displayName.localeCompare(b.displayName)) }));
  }, [operators, query]);
  const count = groups.reduce((n, g) => n + g.list.length, 0);
  return (
    <aside className="palette" aria-label="Operator palette" data-testid="palette">
      <div className="palette-search">
        <VscodeTextfield
          type="search"
          placeholder="Search operators"
          label="Search operators"
          value={query}
          onInput={(e) => setQuery(valueOf(e))}
          onKeyDown={(e) => {
            // Delete and Backspace edit the query; React Flow must not take them for "delete the node".
            if (e.key === 'Delete' || e.key === 'Backspace') e.stopPropagation();
            if (e.key === 'Enter' && count > 0) onAdd(groups[0].list[0].id);
            if (e.key === 'ArrowDown') (e.currentTarget.closest('.palette')?.querySelector('.palette-item') as HTMLElement | null)?.focus();
          }}
          data-testid="palette-search-field"
        >
          <span slot="content-before" className="codicon codicon-search" aria-hidden="true" />
        </VscodeTextfield>
      </div>
      <div className="palette-list" role="list">
        {operators.length === 0 && <p className="palette-empty">No operators are registered yet.</p>}
        {operators.length > 0 && count === 0 && <p className="palette-empty">No operator matches “{query}”.</p>}
        {groups.map(({ category, list }) => (
          <section key={category} className="palette-group" aria-label={category}>
            <h3>{category}</h3>
            {list.map((o) => (
              <div
                key={o.id}
                role="listitem"
                tabIndex={0}
                className="palette-item"
                draggable
                title={`${o.description}\n${o.id} — drag onto the board or press Enter`}
                aria-label={`${o.displayName} (${o.id}). Press Enter to add.`}
                data-operator={o.id}
                onDragStart={(e) => {
                  e.dataTransfer.setData(OPERATOR_DRAG_TYPE, o.id);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onDoubleClick={() => onAdd(o.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onAdd(o.id);
                  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                    e.preventDefault();
                    const items = [...(e.currentTarget.closest('.palette')?.querySelectorAll<HTMLElement>('.palette-item') ?? [])];
                    const i = items.indexOf(e.currentTarget);
                    items[Math.max(0, Math.min(items.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
                  }
                }}
              >
                <span className={`codicon codicon-${o.icon}`} aria-hidden="true" style={o.color ? { color: o.color } : undefined} />
                <span className="palette-name">{o.displayName}</span>
                {o.source !== 'builtin' && <span className="palette-source">{o.source === 'python' ? 'Python' : 'ext'}</span>}
              </div>
            ))}
          </section>
        ))}
      </div>
    </aside>
  );
});
