/** One chat message sent to a model. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ModelRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
}

export interface ModelReply {
  text: string;
  model: string;
  usage?: { promptTokens?: number; completionTokens?: number; totalTokens?: number };
}

/** Anything that can answer a chat request: an OpenAI-compatible server, VS Code's models, an instrument. */
export interface ModelProvider {
  readonly name: string;
  complete(request: ModelRequest, onToken: (token: string) => void, signal: AbortSignal): Promise<ModelReply>;
}

/** Where a model call goes, as `.symphony/conductor.json` routes it or a node's parameters say. */
export interface ModelRoute {
  /** `openai` (any OpenAI-compatible endpoint), `vscode` (the editor's Language Model API) or `instrument:<extension>`. */
  provider: string;
  model?: string;
  endpoint?: string;
  /** Name of the secret holding the API key. */
  keyName?: string;
}

/**
 * The host's side of AI operators, offered as `ctx.services.ai`: routing from conductor.json and
 * providers only the editor has (VS Code's models, instrument sub-extensions).
 */
export interface AiServices {
  /** The route configured for an operator id, else the default route. */
  routeFor?(operatorId: string): ModelRoute | undefined;
  /** Providers other than `openai`, built by the host. */
  provider?(route: ModelRoute): ModelProvider | undefined;
}
