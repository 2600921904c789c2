import { createRoot } from 'react-dom/client';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './board.css';
import { BoardApp } from './board-app';
import { exposeCodiconStylesheet } from './vscode-controls';

exposeCodiconStylesheet();

createRoot(document.getElementById('root')!).render(
  <ReactFlowProvider>
    <BoardApp />
  </ReactFlowProvider>,
);
