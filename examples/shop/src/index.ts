export * from './money';
export * from './tax';
export * from './cart';
export * from './discount';
