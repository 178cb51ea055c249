import { trace } from '@opentelemetry/api';
import type { LoggerService } from '@nestjs/common';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';

// Logs as JSON lines, one object per line, each with the active trace and span id (null outside
// a trace). Messages are the code's own words: ids and codes, never personal data (the canary
// and production smoke tests look for the subject's name, ID number and narratives in them).

export type LogWrite = (line: string) => void;

function traceIds(meta?: LogMetadata): { trace_id: string | null; span_id: string | null } {
  // The Temporal interceptors put the workflow's or activity's trace context into the metadata.
  const fromMeta =
    meta && typeof meta.trace_id === 'string' ? { trace_id: meta.trace_id, span_id: typeof meta.span_id === 'string' ? meta.span_id : null } : null;
  if (fromMeta) return fromMeta;
  const span = trace.getActiveSpan()?.spanContext();
  return { trace_id: span?.traceId ?? null, span_id: span?.spanId ?? null };
}

/** JSON of plain data only: class instances (a worker's options carry processors, connections) become their name. */
function line(entry: Record<string, unknown>): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(entry, function (this: unknown, key: string, v: unknown) {
    if (typeof v === 'bigint') return String(v);
    if (v instanceof Error) return { name: v.name, message: v.message };
    if (typeof v === 'function') return undefined;
    if (v && typeof v === 'object') {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
      const proto = Object.getPrototypeOf(v) as object | null;
      if (key !== '' && proto !== Object.prototype && proto !== null && !Array.isArray(v) && !(v instanceof Date))
        return `[${v.constructor?.name ?? 'object'}]`;
    }
    return v;
  });
}

/** Nest's logger for the API. */
export class JsonLogger implements LoggerService {
  constructor(private readonly write: LogWrite = (l) => process.stdout.write(`${l}\n`)) {}

  private emit(level: string, message: unknown, params: unknown[]): void {
    // Nest passes the context last; an error's stack (a string) before it.
    const context = params.length && typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    // A structured message (an object) is spread into the line; its trace ids win over the context's.
    const fields =
      message && typeof message === 'object' && !(message instanceof Error)
        ? (message as Record<string, unknown>)
        : { message: message instanceof Error ? message.message : message };
    this.write(line({ time: new Date().toISOString(), level, context, ...traceIds(), ...fields }));
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
