// How the Electron app starts the cargo JSON filter as itself (its RunAsNode
// fuse is off in a packaged build), and how it recognises that it was.
import { describe, expect, it } from 'vitest';
import { CARGO_JSON_FILTER_SWITCH, cargoJsonFilterCommand, cargoJsonFilterFile } from '../../src/main/cargoJsonFilterMode';

describe('cargoJsonFilterCommand', () => {
  it('is the packaged executable and the switch; in development, electron and the app folder', () => {
    expect(cargoJsonFilterCommand({ execPath: '/opt/Stepwise/stepwise', appPath: null, noSandbox: false })).toEqual([
      '/opt/Stepwise/stepwise',
      CARGO_JSON_FILTER_SWITCH,
    ]);
    expect(cargoJsonFilterCommand({ execPath: '/repo/node_modules/electron/dist/electron', appPath: '/repo', noSandbox: true })).toEqual([
      '/repo/node_modules/electron/dist/electron',
      '/repo',
      '--no-sandbox',
      CARGO_JSON_FILTER_SWITCH,
    ]);
  });
});

describe('cargoJsonFilterFile', () => {
  it('finds the messages file after the switch, wherever Chromium put other switches', () => {
    const file = '/home/me/.config/Stepwise/cargo-messages/1.jsonl';
    expect(cargoJsonFilterFile(['/opt/Stepwise/stepwise', CARGO_JSON_FILTER_SWITCH, file])).toBe(file);
    expect(cargoJsonFilterFile(['electron', '/repo', '--no-sandbox', CARGO_JSON_FILTER_SWITCH, file])).toBe(file);
  });

  it('is null for a normal start, and for the switch without a file', () => {
    expect(cargoJsonFilterFile(['/opt/Stepwise/stepwise'])).toBeNull();
    expect(cargoJsonFilterFile(['/opt/Stepwise/stepwise', '--no-sandbox', '/repo'])).toBeNull();
    expect(cargoJsonFilterFile(['/opt/Stepwise/stepwise', CARGO_JSON_FILTER_SWITCH])).toBeNull();
    expect(cargoJsonFilterFile(['/opt/Stepwise/stepwise', CARGO_JSON_FILTER_SWITCH, '--enable-logging'])).toBeNull();
  });
});
