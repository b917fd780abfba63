export { TestKafkaBroker, type TestBrokerOptions } from './broker.js';
export { ErrorCode } from './wire.js';
