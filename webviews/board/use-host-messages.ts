// Subscribes to the extension host's messages: document text, operators, rejections, selection, run events and commands.
import { useEffect, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { OperatorDescription } from '../../src/core/operators/operator';
import type { BoardCommand, HostToBoard } from '../../src/protocol/board';
import type { BoardNode } from './melody-model';
import { runStore } from './run-store';
import { send } from './vscode-api';

/** What the host has told the board about its document and the operators it may use. */
export interface HostState {
  text?: string;
  fileName?: string;
  operators: OperatorDescription[];
  canRun: boolean;
  runUnavailableReason?: string;
}

/** Listens for host messages from mount, announces readiness once, and returns the host's latest state. */
export function useHostMessages(
  setToast: Dispatch<SetStateAction<string | undefined>>,
  setNodes: Dispatch<SetStateAction<BoardNode[]>>,
  pendingSelect: RefObject<Set<string> | undefined>,
  // A ref, so a command from the host always reaches the latest dispatcher without re-subscribing.
  commandRef: RefObject<(command: BoardCommand) => void>,
): HostState {
  const [host, setHost] = useState<HostState>({ operators: [], canRun: false });
  useEffect(() => {
    const onMessage = (e: MessageEvent<HostToBoard>) => {
      const msg = e.data;
      switch (msg.type) {
        case 'init':
          setHost({ text: msg.text, fileName: msg.fileName, operators: msg.operators ?? [], canRun: msg.canRun === true, runUnavailableReason: msg.runUnavailableReason });
          break;
        case 'documentChanged':
          setHost((h) => ({ ...h, text: msg.text }));
          break;
        case 'operatorsChanged':
          setHost((h) => ({ ...h, operators: msg.operators }));
          break;
        case 'editRejected':
          setToast(msg.reason);
          break;
        case 'selectNodes':
          pendingSelect.current = new Set(msg.ids);
          setNodes((prev) => prev.map((n) => (msg.ids.includes(n.id) !== !!n.selected ? { ...n, selected: msg.ids.includes(n.id) } : n)));
          break;
        case 'runEvent':
          runStore.apply(msg.event);
          break;
        case 'command':
          commandRef.current(msg.command);
          break;
      }
    };
    window.addEventListener('message', onMessage);
    send({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
    // Subscribed once on mount: the setters and refs it uses keep their identity.
  }, []);
  return host;
}
