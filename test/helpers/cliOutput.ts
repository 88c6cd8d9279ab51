// A CLI command run in-process, with what it printed: stdout (process.stdout
// and console.log) and stderr (console.error).
import { vi } from 'vitest';

export async function captureOutput(command: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr += `${parts.join(' ')}\n`;
  });
  try {
    return { code: await command(), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}
