// /__emulator/* control endpoints, for driving an emulator that runs as a separate process. They
// bypass faults, latency and stats so observing the emulator never changes what it reports.
import type { Ctx } from './http.js';
import { readJsonBody, sendJson } from './http.js';
import { HttpError, routeNotFound } from './errors.js';
import type { Faults, Stats } from './types.js';

export interface Control {
  stats(): Stats;
  resetStats(): void;
  setFaults(f: Faults): void;
  faults(): Faults;
}

export async function handleControl(ctx: Ctx, control: Control): Promise<void> {
  const key = `${ctx.method} ${ctx.path}`;
  switch (key) {
    case 'GET /__emulator/health':
      return sendJson(ctx, 200, { status: 'ok' });
    case 'GET /__emulator/stats':
      return sendJson(ctx, 200, control.stats());
    case 'POST /__emulator/stats/reset':
      control.resetStats();
      return sendJson(ctx, 200, { ok: true });
    case 'GET /__emulator/faults':
      return sendJson(ctx, 200, control.faults());
    case 'POST /__emulator/faults': {
      const body = await readJsonBody(ctx);
      try {
        control.setFaults((body ?? {}) as Faults);
      } catch (err) {
        throw new HttpError(400, { statusCode: 400, error: 'BadRequest', message: (err as Error).message });
      }
      return sendJson(ctx, 200, control.faults());
    }
    default:
      throw routeNotFound(ctx.method, ctx.rawUrl);
  }
}
