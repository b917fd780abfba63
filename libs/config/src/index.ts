export { loadConfig, setting, commonSettings, databaseSettings, httpUrl, ConfigError } from './load-config.js';
export type { Setting, SettingsShape, ConfigOf } from './load-config.js';
export { LISTENING_MESSAGE, tellSupervisorListening } from './supervision.js';
