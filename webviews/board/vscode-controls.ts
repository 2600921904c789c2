// The @vscode-elements controls the board uses. Each is imported from its own module: the package's
// index registers every element (trees, tables, split layouts…), which the board does not need.
// The React wrappers set properties (value, checked, label) rather than attributes and map the
// elements' own `change`/`input` events; keyboard and pointer events reach React as usual because
// they are composed and retargeted to the element.
export { default as VscodeButton } from '@vscode-elements/react-elements/dist/components/VscodeButton.js';
export { default as VscodeCheckbox } from '@vscode-elements/react-elements/dist/components/VscodeCheckbox.js';
export { default as VscodeOption } from '@vscode-elements/react-elements/dist/components/VscodeOption.js';
export { default as VscodeSingleSelect } from '@vscode-elements/react-elements/dist/components/VscodeSingleSelect.js';
export { default as VscodeTextarea } from '@vscode-elements/react-elements/dist/components/VscodeTextarea.js';
export { default as VscodeTextfield } from '@vscode-elements/react-elements/dist/components/VscodeTextfield.js';

/** The id vscode-icon looks for to load the codicon font stylesheet into its shadow root. */
const CODICON_LINK_ID = 'vscode-codicon-stylesheet';

/**
 * Icons inside the elements (button icons) live in shadow roots, where the page's codicon.css does
 * not apply; vscode-icon re-links the stylesheet it finds under a known id. The board's HTML may
 * predate that id, so the board names its codicon link itself before any element connects.
 */
export function exposeCodiconStylesheet(doc: Document = document): void {
  if (doc.getElementById(CODICON_LINK_ID)) return;
  const link = [...doc.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]')].find((l) => /codicon\.css(\?|$)/.test(l.href));
  if (link) link.id = CODICON_LINK_ID;
}

/**
 * Whether a key event comes from a control that takes typing. Events from inside an element's
 * shadow root reach window listeners retargeted to the element, so the first node of the composed
 * path is what was really focused (the inner input, textarea or combobox face).
 */
export function isTypingTarget(e: Event): boolean {
  const origin = e.composedPath()[0];
  if (!(origin instanceof Element)) return false;
  return origin.closest('input, textarea, select, [contenteditable=true], [role=combobox], [role=listbox], [role=option]') !== null;
}

/** The value of a select, text field or text area element from one of its events. */
export function valueOf(e: Event): string {
  return (e.target as unknown as { value: string }).value ?? '';
}

/** The checked state of a checkbox element from its change event. */
export function checkedOf(e: Event): boolean {
  return (e.target as unknown as { checked: boolean }).checked === true;
}
