import { useEffect, useId, useState } from 'react';
import type { JsonValue, ParamDescription } from '../../src/core/operators/operator';
import { VscodeButton, VscodeCheckbox, VscodeOption, VscodeSingleSelect, VscodeTextarea, VscodeTextfield, checkedOf, valueOf } from './vscode-controls';

/** What is wrong with a parameter value, or undefined. Shown under the field as the user types. */
export function paramProblem(p: ParamDescription, value: JsonValue | undefined): string | undefined {
  const label = p.displayName ?? p.name;
  // A missing value falls back to the operator's default, so only a required field without one is a problem.
  if (value === undefined || value === '' || value === null) return p.required && p.default === undefined ? `${label} is required.` : undefined;
  if (typeof value === 'string' && value.startsWith('=')) return expressionProblem(value);
  switch (p.type) {
    case 'number':
      if (typeof value !== 'number' || Number.isNaN(value)) return `${label} must be a number.`;
      if (p.min !== undefined && value < p.min) return `${label} must be at least ${p.min}.`;
      if (p.max !== undefined && value > p.max) return `${label} must be at most ${p.max}.`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${label} must be true or false.`;
    case 'options':
      return p.options?.some((o) => o.value === value) ? undefined : `${label} must be one of: ${p.options?.map((o) => String(o.value)).join(', ')}.`;
    case 'expression':
      return typeof value === 'string' ? expressionProblem(value.startsWith('=') ? value : `=${value}`) : undefined;
    default:
      return undefined;
  }
}

/** `{{` and `}}` must pair up, and each part must hold something. */
export function expressionProblem(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const two = text.slice(i, i + 2);
    if (two === '{{') {
      if (depth > 0) return `A "{{" at character ${i + 1} opens inside another {{ }}; close the first one with }}.`;
      depth++;
      i++;
    } else if (two === '}}' && depth > 0) {
      depth--;
      i++;
    }
  }
  if (depth > 0) return 'An expression part is not closed: add }} after {{ …';
  if (/\{\{\s*\}\}/.test(text)) return 'An empty {{ }}: write an expression inside, e.g. {{ $json.name }}.';
  return undefined;
}

const EXPRESSION_HELP = 'Expressions start with = and put code in {{ }}: ={{ $json.field }}, ={{ $node["id"].json.x }}, ={{ $now }}.';

interface FieldProps {
  param: ParamDescription;
  value: JsonValue | undefined;
  /** Commit a value (undefined removes it). Called once per gesture: blur, Enter, toggle, pick. */
  onCommit(value: JsonValue | undefined): void;
}

/** One parameter's control, chosen by its type. */
export function ParamField({ param, value, onCommit }: FieldProps) {
  const id = useId();
  const label = param.displayName ?? param.name;
  const isExpression = typeof value === 'string' && value.startsWith('=');
  const [draft, setDraft] = useState(() => toDraft(param, value));
  useEffect(() => setDraft(toDraft(param, value)), [param, value]);
  const parsed = fromDraft(param, draft, isExpression);
  const problem = parsed.error ?? paramProblem(param, parsed.value);
  const commit = () => {
    if (parsed.error) return;
    if (JSON.stringify(parsed.value) !== JSON.stringify(value)) onCommit(parsed.value);
  };
  // `label` names the element's inner control for assistive technology: ARIA references such as
  // aria-describedby cannot cross into a shadow root, so the error below is announced as an alert.
  const common = { id, label, invalid: !!problem, 'data-param': param.name } as const;
  const canToggleExpression = param.type !== 'code' && param.type !== 'json' && param.type !== 'collection';
  const fx = canToggleExpression && (
    <VscodeButton
      secondary
      className={`fx${isExpression ? ' on' : ''}`}
      title={isExpression ? 'Use a fixed value' : 'Use an expression'}
      aria-label={`${label}: ${isExpression ? 'use a fixed value' : 'use an expression'}`}
      aria-pressed={isExpression ? 'true' : 'false'}
      onClick={() => onCommit(isExpression ? stripExpression(value as string) : `={{ ${value === undefined ? '' : JSON.stringify(value)} }}`)}
    >
      fx
    </VscodeButton>
  );
  let control;
  if (param.type === 'boolean' && !isExpression) {
    // Shown at once; the document change that follows confirms it (or the host's refusal resets it).
    const checked = draft === 'true' || (draft === '' && param.default === true);
    control = (
      <div className="field-label">
        <VscodeCheckbox
          {...common}
          label={param.required ? `${label} *` : label}
          checked={checked}
          onChange={(e) => {
            const next = checkedOf(e);
            setDraft(String(next));
            onCommit(next);
          }}
        />
        {fx}
      </div>
    );
  } else if (param.type === 'options' && !isExpression) {
    const current = value === undefined ? (param.required && param.default !== undefined ? String(param.default) : '') : String(value);
    control = (
      <VscodeSingleSelect {...common} value={current} onChange={(e) => {
        const picked = valueOf(e);
        if (picked === current) return;
        onCommit(param.options?.find((o) => String(o.value) === picked)?.value ?? (picked || undefined));
      }}>
        {!param.required && <VscodeOption value="" selected={current === ''}>{`(default${param.default !== undefined ? `: ${String(param.default)}` : ''})`}</VscodeOption>}
        {param.options?.map((o) => (
          <VscodeOption key={String(o.value)} value={String(o.value)} description={o.description ?? ''} selected={current === String(o.value)}>
            {o.label ?? String(o.value)}
          </VscodeOption>
        ))}
      </VscodeSingleSelect>
    );
  } else if (param.type === 'json' || param.type === 'code' || param.type === 'collection') {
    control = (
      <VscodeTextarea
        {...common}
        className={param.type === 'code' ? 'code' : 'json'}
        monospace
        resize="vertical"
        rows={param.type === 'code' ? 8 : 4}
        value={draft}
        placeholder={param.placeholder ?? collectionPlaceholder(param)}
        onInput={(e) => setDraft(valueOf(e))}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit();
        }}
      />
    );
  } else {
    control = (
      <VscodeTextfield
        {...common}
        type={param.type === 'number' && !isExpression ? 'number' : param.type === 'secret' ? 'password' : 'text'}
        value={draft}
        min={param.min}
        max={param.max}
        placeholder={param.placeholder ?? (param.default !== undefined ? String(param.default) : '')}
        className={isExpression || param.type === 'expression' ? 'expression' : undefined}
        onInput={(e) => setDraft(valueOf(e))}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(toDraft(param, value));
        }}
      />
    );
  }
  const isCheckbox = param.type === 'boolean' && !isExpression;
  return (
    <div className={`field${problem ? ' invalid' : ''}`} data-testid={`param-${param.name}`}>
      {!isCheckbox && (
        <div className="field-label">
          <label htmlFor={id}>
            {label}
            {param.required && <span className="required" aria-label="required"> *</span>}
          </label>
          {fx}
        </div>
      )}
      {control}
      <div className="field-help">
        {problem ? <span className="field-error" role="alert">{problem}</span> : null}
        {!problem && (isExpression || param.type === 'expression') ? <span>{EXPRESSION_HELP}</span> : null}
        {!problem && !isExpression && param.description ? <span>{param.description}</span> : null}
      </div>
    </div>
  );
}

function stripExpression(text: string): string {
  const inner = /^=\{\{\s*([\s\S]*?)\s*\}\}$/.exec(text);
  if (!inner) return text.slice(1);
  try {
    const v = JSON.parse(inner[1]) as unknown;
    return typeof v === 'string' ? v : inner[1];
  } catch {
    return inner[1];
  }
}

function collectionPlaceholder(p: ParamDescription): string {
  if (p.type !== 'collection' || !p.fields) return '';
  const example = Object.fromEntries(p.fields.map((f) => [f.name, f.default ?? (f.type === 'number' ? 0 : f.type === 'boolean' ? false : '')]));
  return JSON.stringify(p.multiple ? [example] : example, null, 2);
}

function toDraft(p: ParamDescription, value: JsonValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string' && (value.startsWith('=') || p.type !== 'json')) return value;
  if (p.type === 'json' || p.type === 'collection' || typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

function fromDraft(p: ParamDescription, draft: string, isExpression: boolean): { value?: JsonValue; error?: string } {
  if (draft === '') return { value: undefined };
  if (isExpression || draft.startsWith('=')) return { value: draft };
  if (p.type === 'boolean') return { value: draft === 'true' };
  if (p.type === 'number') {
    const n = Number(draft);
    return Number.isNaN(n) ? { error: `${p.displayName ?? p.name} must be a number; "${draft}" is not.` } : { value: n };
  }
  if (p.type === 'json' || p.type === 'collection') {
    try {
      return { value: JSON.parse(draft) as JsonValue };
    } catch (e) {
      return { error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return { value: draft };
}
