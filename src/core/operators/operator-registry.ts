import { type Disposable, toDisposable } from '../base/disposable';
import { Emitter, type Event } from '../base/event';
import { closest } from '../base/diagnostic';
import { type Operator, type OperatorDescription, OperatorDescriptionSchema, type OperatorDescriptionInput } from './operator';

/**
 * Every operator Symphony knows: built-ins, sub-extension operators (JS and Python). The board's
 * palette, melody validation and the conductor all read from one registry.
 */
export class OperatorRegistry {
  private readonly operators = new Map<string, Operator>();
  private readonly changed = new Emitter<void>();
  /** Fires when operators are added or removed (the palette refreshes). */
  readonly onDidChange: Event<void> = this.changed.event;

  register(operator: Operator): Disposable {
    const id = operator.description.id;
    if (this.operators.has(id)) throw new Error(`operator "${id}" is already registered`);
    this.operators.set(id, operator);
    this.changed.fire();
    return toDisposable(() => {
      if (this.operators.get(id) === operator) {
        this.operators.delete(id);
        this.changed.fire();
      }
    });
  }

  get(id: string): Operator | undefined {
    return this.operators.get(id);
  }

  has(id: string): boolean {
    return this.operators.has(id);
  }

  /** The registered id closest to a misspelt one, for "did you mean" fixes. */
  suggest(id: string): string | undefined {
    return closest(id, this.operators.keys());
  }

  descriptions(): OperatorDescription[] {
    return [...this.operators.values()].map((o) => o.description).sort((a, b) => a.id.localeCompare(b.id));
  }
}

/** Builds an operator from a description literal and an execute function. */
export function defineOperator(description: OperatorDescriptionInput, execute: Operator['execute']): Operator {
  return { description: OperatorDescriptionSchema.parse(description), execute };
}
