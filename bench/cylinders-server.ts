/** The app for the cylinder benchmarks, in its own process (see cylinders-lib.ts spawnServer). */
import { startApp } from './lib.js';

const app = await startApp(process.env.DATABASE_URL!, { poolSize: Number(process.env.BENCH_POOL ?? 10) });
process.send?.({ baseUrl: app.baseUrl });
process.on('message', (m) => {
  if (m === 'stop') void app.close().then(() => process.exit(0));
  // CPU time this server process has used so far (µs), to put a cost on each request.
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
