export { streamOffsetsMs, unaryDeadlineMs } from './schedule.js';
