export { importN8nWorkflow, type N8nImportResult } from './import-workflow';
export { exportN8nWorkflow, type N8nExportResult } from './export-workflow';
export { looksLikeN8nWorkflow, type N8nWorkflow, type N8nNode, type N8nConnections } from './n8n-workflow';
export { opaqueN8nOperator, registerOpaqueN8nOperators } from './opaque-operator';
export { NODE_MAPPINGS, OPAQUE_PREFIX, mappingForType, mappingForOperator } from './node-map';
