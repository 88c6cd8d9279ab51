// A whole captured output through the streaming counter the engine feeds chunk by chunk.
import type { TestBinaryCounts } from '../../src/shared/model';
import { TestBinaryCounter } from '../../src/core/diagnostics/testBinaries';

export function testsByBinary(output: string): TestBinaryCounts[] {
  const counter = new TestBinaryCounter();
  counter.push(output);
  return counter.end();
}
