import { describe, expect, it } from 'vitest';
import { runCli, USAGE_EXIT_CODE } from '../src/cli-main.js';

function capture(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      env,
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

describe('the command line', () => {
  it('starts on an ephemeral port and prints the real one', async () => {
    const output = capture({ TOKENPACE_LOG_LEVEL: 'silent' });
    const outcome = await runCli(['--port', '0', '--host', '127.0.0.1', '--workers', '1'], output.io, {
      handleSignals: false,
    });
    try {
      expect(outcome.exitCode).toBe(0);
      const port = outcome.server?.port ?? 0;
      expect(port).toBeGreaterThan(0);
      expect(output.stdout()).toBe(`tokenpace emulator listening on http://127.0.0.1:${port}\n`);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
    } finally {
      await outcome.server?.close();
    }
  });

  it('prints help generated from the options table', async () => {
    const output = capture();
    expect((await runCli(['--help'], output.io, { handleSignals: false })).exitCode).toBe(0);
    const help = output.stdout();
    expect(help).toContain('Usage: tokenpace-emulator [options]');
    for (const flag of ['--host HOST', '--port PORT', '--config FILE', '--ttft SPEC', '--strict-models']) {
      expect(help).toContain(flag);
    }
    expect(help).toContain('env TOKENPACE_PORT');
  });

  it('rejects unknown flags and invalid settings with exit code 2, listing every problem', async () => {
    const unknown = capture();
    expect((await runCli(['--prot', '1'], unknown.io, { handleSignals: false })).exitCode).toBe(
      USAGE_EXIT_CODE,
    );
    expect(unknown.stderr()).toContain("Unknown option '--prot'");

    const invalid = capture({ TOKENPACE_ITL: 'slow' });
    const outcome = await runCli(['--port', '99999', '--log-level', 'loud'], invalid.io, {
      handleSignals: false,
    });
    expect(outcome.exitCode).toBe(USAGE_EXIT_CODE);
    expect(invalid.stderr()).toBe(
      [
        'Invalid configuration:',
        '  - port (--port): must be at most 65535',
        '  - logLevel (--log-level): must be one of fatal, error, warn, info, debug, trace, silent',
        "  - Invalid timing.itl (TOKENPACE_ITL): 'slow' is not a number of milliseconds or a distribution such as " +
          'lognormal(p50=200,p99=800).',
        '',
      ].join('\n'),
    );
  });
});
