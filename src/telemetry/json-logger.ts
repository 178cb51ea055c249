import { trace } from '@opentelemetry/api';
import type { LoggerService } from '@nestjs/common';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';

// Logs as JSON lines, one object per line, each with the active trace and span id (null outside
// a trace). Messages are the code's own words: ids and codes, never personal data (the canary
// and production smoke tests look for the subject's name, ID number and narratives in them).

export type LogWrite = (line: string) => void;

function traceIds(meta?: LogMetadata): { trace_id: string | null; span_id: string | null } {
  // The Temporal interceptors put the workflow's or activity's trace context into the metadata.
  const fromMeta = meta && typeof meta.trace_id === 'string' ? { trace_id: meta.trace_id as string, span_id: (meta.span_id as string) ?? null } : null;
  if (fromMeta) return fromMeta;
  const span = trace.getActiveSpan()?.spanContext();
  return { trace_id: span?.traceId ?? null, span_id: span?.spanId ?? null };
}

function line(entry: Record<string, unknown>): string {
  return JSON.stringify(entry, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v instanceof Error ? { name: v.name, message: v.message } : v));
}

/** Nest's logger for the API. */
export class JsonLogger implements LoggerService {
  constructor(private readonly write: LogWrite = (l) => process.stdout.write(`${l}\n`)) {}

  private emit(level: string, message: unknown, params: unknown[]): void {
    // Nest passes the context last; an error's stack (a string) before it.
    const context = params.length && typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    this.write(line({ time: new Date().toISOString(), level, context, message: message instanceof Error ? message.message : message, ...traceIds() }));
  }
  log(message: unknown, ...params: unknown[]): void {
    this.emit('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('fatal', message, params);
  }
}

const ORDER: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** The Temporal runtime's logger for the worker (workflow, activity and forwarded core logs). */
export class JsonRuntimeLogger implements Logger {
  constructor(
    private readonly minimum: LogLevel = 'INFO',
    private readonly write: LogWrite = (l) => process.stdout.write(`${l}\n`),
  ) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (ORDER.indexOf(level) < ORDER.indexOf(this.minimum)) return;
    const { trace_id: _t, span_id: _s, ...rest } = meta ?? {};
    this.write(line({ time: new Date().toISOString(), level: level.toLowerCase(), message, ...rest, ...traceIds(meta) }));
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
