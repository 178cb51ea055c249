import 'reflect-metadata';
import { createApp } from './app/create-app';
import { loadConfig } from './config/config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, process.env.HOST ?? '127.0.0.1');
}

main().catch((e: Error) => {
  process.stderr.write(`casework api failed to start: ${e.message}\n`);
  process.exit(1);
});
