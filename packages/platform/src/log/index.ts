import { pino } from "pino";

export type Logger = pino.Logger;

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; stdout by default (tests pass a stream to read them). */
  destination?: pino.DestinationStream;
}

/** JSON lines on stdout with ISO times, the level as a word, and credentials never printed. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.token"],
        censor: "[redacted]",
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

export interface MessageCoordinates {
  correlationId?: string;
  eventId?: string;
  type?: string;
  topic: string;
  partition: number;
  offset: string;
}

/** The logger for handling one Kafka message: every line carries where it came from. */
export function messageLogger(logger: Logger, coordinates: MessageCoordinates): Logger {
  return logger.child(coordinates);
}
