// Typing into the attached terminal from a page (a restore's toolchain commands).
import { engine } from '../../engine/client';

/** Types `command` and Enter in the terminal, as if the user had. */
export function typeInTerminal(terminalId: string, command: string): void {
  engine().client.notify('terminal.input', { terminalId, data: `${command}\r` });
}
