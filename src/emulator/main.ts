// `npm run emulator`: starts the PICPIK emulator from environment variables, says where it
// listens, and shuts down cleanly on SIGINT / SIGTERM.
import { EmulatorConfigError, loadEmulatorConfig, DEMO_PUBLIC_KEY } from './config';
import { startEmulatorAsync } from './serve';

async function mainAsync(): Promise<void> {
  let config;
  try {
    config = loadEmulatorConfig(process.env);
  } catch (error) {
    if (error instanceof EmulatorConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const running = await startEmulatorAsync(config);
  const keyNote = config.publicKey === DEMO_PUBLIC_KEY ? ' (demo key pair)' : '';
  console.log(`PICPIK emulator listening on ${running.url}  PublicKey ${config.publicKey}${keyNote}`);
  console.log(`  tasks: queue ${config.queueMs} ms, run ${config.runMs} ms; images kept ${Math.round(config.retentionMs / 60_000)} min; admin at ${running.url}/__admin/stats`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the emulator`);
    // A stuck connection must not keep the process alive forever.
    const forceExit: unknown = setTimeout(() => process.exit(1), 5000);
    (forceExit as { unref?: () => void }).unref?.();
    running.closeAsync().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('emulator did not close cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

mainAsync().catch((error: unknown) => {
  console.error('the emulator could not start:', error);
  process.exit(1);
});
