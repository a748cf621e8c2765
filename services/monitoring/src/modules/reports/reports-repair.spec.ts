import { Logger } from '@nestjs/common';
import type { QueueBackend } from '@inps/shared';
import type { MonitoringConfig } from '../../monitoring.config';
import type { ReportsProcessor } from './reports.processor';
import { ReportsRepair } from './reports-repair';
import type { ReportsService } from './reports.service';

describe('ReportsRepair', () => {
  let redisUp = false;
  const calls: string[] = [];
  const backend = {
    ping: async () => {
      if (!redisUp) throw new Error('Redis did not answer within 2000 ms');
    },
  } as unknown as QueueBackend;
  const reports = { requeuePending: async () => (calls.push('requeue'), 2) } as unknown as ReportsService;
  const processor = { registerSchedule: async () => void calls.push('schedule') } as unknown as ReportsProcessor;
  const repair = new ReportsRepair({ REPORTS_REPAIR_INTERVAL_SECONDS: 60 } as MonitoringConfig, backend, reports, processor);

  it('only warns while Redis is down, and puts jobs and schedule back once it answers', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      await expect(repair.sweep()).resolves.toBeUndefined();
      expect(calls).toEqual([]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('trying again in 60 s'));

      redisUp = true;
      await repair.sweep();
      expect(calls).toEqual(['requeue', 'schedule']);
      expect(log).toHaveBeenCalledWith(expect.stringContaining('2 waiting report(s)'));
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  it('survives the queue failing after the ping', async () => {
    const failing = new ReportsRepair(
      { REPORTS_REPAIR_INTERVAL_SECONDS: 60 } as MonitoringConfig,
      backend,
      {
        requeuePending: async () => Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
      } as unknown as ReportsService,
      processor,
    );
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      redisUp = true;
      await expect(failing.sweep()).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("Stream isn't writeable"));
    } finally {
      warn.mockRestore();
    }
  });
});
