import type { Operator } from '../operator';
import type { OperatorRegistry } from '../operator-registry';
import { DisposableStore, type Disposable } from '../../base/disposable';
import { aggregateOperator } from './aggregate';
import { codeOperator } from './code';
import { filterOperator, ifOperator } from './if';
import { limitOperator } from './limit';
import { mergeOperator } from './merge';
import { manualTriggerOperator, noopOperator } from './noop';
import { removeDuplicatesOperator } from './remove-duplicates';
import { renameKeysOperator } from './rename-keys';
import { setOperator } from './set';
import { sortOperator } from './sort';
import { splitOperator } from './split';
import { switchOperator } from './switch';
import { waitOperator } from './wait';

/** Every built-in `core.*` operator. */
export const coreOperators: readonly Operator[] = [
  manualTriggerOperator,
  noopOperator,
  setOperator,
  ifOperator,
  switchOperator,
  filterOperator,
  mergeOperator,
  sortOperator,
  limitOperator,
  splitOperator,
  aggregateOperator,
  removeDuplicatesOperator,
  renameKeysOperator,
  codeOperator,
  waitOperator,
];

/** Registers the core operators; disposing the result removes them again. */
export function registerCoreOperators(registry: OperatorRegistry): Disposable {
  const store = new DisposableStore();
  for (const operator of coreOperators) store.add(registry.register(operator));
  return store;
}

export type { CodeSandbox, CodeMode } from './code';
